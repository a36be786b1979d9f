import ArgumentParser
import BVDaemon

do {
    let command = try BVDCommand.parseAsRoot()
    guard let daemon = command as? BVDCommand else {
        var other = command
        try other.run()
        BVDCommand.exit()
    }
    try await daemon.start()
} catch {
    BVDCommand.exit(withError: error)
}
