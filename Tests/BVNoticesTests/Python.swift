import Foundation
import Testing

/// Runs a script with Debian's Python, which has the independent parsers (`icalendar`, `email`)
/// the tests check our output with. Explicitly /usr/bin/python3: the python3 on PATH may lack them.
/// The script reads `input` from standard input and prints one JSON object.
func python(_ script: String, input: [UInt8], sourceLocation: SourceLocation = #_sourceLocation) throws -> [String: Any] {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("bvnotices-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let inputFile = directory.appendingPathComponent("input")
    let outputFile = directory.appendingPathComponent("output")
    try Data(input).write(to: inputFile)
    _ = FileManager.default.createFile(atPath: outputFile.path, contents: nil)

    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
    process.arguments = ["-c", script]
    process.standardInput = try FileHandle(forReadingFrom: inputFile)
    process.standardOutput = try FileHandle(forWritingTo: outputFile)
    let errors = Pipe()
    process.standardError = errors
    try process.run()
    let message = errors.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    try #require(process.terminationStatus == 0, "python failed: \(String(decoding: message, as: UTF8.self))",
                 sourceLocation: sourceLocation)
    let object = try JSONSerialization.jsonObject(with: Data(contentsOf: outputFile))
    return try #require(object as? [String: Any], sourceLocation: sourceLocation)
}
