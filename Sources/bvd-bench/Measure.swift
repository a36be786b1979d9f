import Foundation

/// Runs `body` repeatedly for about `seconds` (at least `minimum` times) and returns operations per second.
func rate(seconds: Double, minimum: Int = 20, _ body: () async throws -> Int) async rethrows -> Double {
    let clock = ContinuousClock()
    let start = clock.now
    var operations = 0
    var elapsed = 0.0
    repeat {
        operations += try await body()
        elapsed = (clock.now - start).seconds
    } while elapsed < seconds || operations < minimum
    return Double(operations) / elapsed
}

extension Duration {
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}

func percentile(_ sorted: [Double], _ p: Double) -> Double {
    guard !sorted.isEmpty else { return .nan }
    return sorted[min(sorted.count - 1, Int((Double(sorted.count) * p).rounded(.up)) - 1)]
}

func format(_ value: Double, _ digits: Int = 0) -> String { String(format: "%.\(digits)f", value) }

/// Resident memory of this process, from /proc.
func residentMegabytes() -> Double {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
          let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }),
          let kb = Double(line.split(separator: " ").dropFirst().first ?? "")
    else { return .nan }
    return kb / 1024
}
