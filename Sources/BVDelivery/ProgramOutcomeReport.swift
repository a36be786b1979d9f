import Foundation

/// Words for how a delivery program ended, shared by the sendmail and program adapters so an
/// officer reads the same phrasing for both.
extension ChildProcess.Outcome {
    /// "exit status 75 (temporary failure): <output>" or "did not finish within 30 s …".
    func failureDescription(program: String, timeout: Duration, excerptLimit: Int) -> String {
        var text: String
        if timedOut {
            text = "\(program) did not finish within \(timeout.spokenSeconds) and was stopped"
        } else if cancelled {
            text = "\(program) was stopped because the delivery was cancelled"
        } else if case .exited(let status) = termination, let meaning = sysexitsMeaning(status) {
            text = "\(program) failed with exit status \(status) (\(meaning))"
        } else {
            text = "\(program) failed with \(termination)"
        }
        let said = excerpt(outputText, limit: excerptLimit, truncated: outputTruncated)
        if !said.isEmpty { text += ": " + said }
        return text
    }
}

/// The first `limit` characters of a program's or server's words, on one line.
func excerpt(_ text: String, limit: Int, truncated: Bool = false) -> String {
    let lines = text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    let joined = lines.joined(separator: " / ")
    if joined.count > limit { return String(joined.prefix(limit)) + "…" }
    return truncated ? joined + "…" : joined
}

/// The conventional meaning of a `sysexits.h` status, which sendmail and many mail tools use.
func sysexitsMeaning(_ status: Int32) -> String? {
    switch status {
    case 64: "usage error"
    case 65: "data format error"
    case 66: "cannot open input"
    case 67: "addressee unknown"
    case 68: "host name unknown"
    case 69: "service unavailable"
    case 70: "internal software error"
    case 71: "system error"
    case 72: "critical OS file missing"
    case 73: "cannot create output file"
    case 74: "input/output error"
    case 75: "temporary failure"
    case 76: "remote error in protocol"
    case 77: "permission denied"
    case 78: "configuration error"
    default: nil
    }
}

extension Duration {
    /// "30 s", "1.5 s": how failure messages state a time limit.
    var spokenSeconds: String {
        let (seconds, attoseconds) = components
        let tenths = attoseconds / 100_000_000_000_000_000
        return tenths == 0 ? "\(seconds) s" : "\(seconds).\(tenths) s"
    }
}
