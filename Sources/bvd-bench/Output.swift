import Foundation

/// `print`, flushed at once: into a pipe or a file a long run then shows where it is.
func print(_ items: Any..., separator: String = " ", terminator: String = "\n") {
    Swift.print(items.map { "\($0)" }.joined(separator: separator), terminator: terminator)
    fflush(nil)
}
