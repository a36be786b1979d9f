/// A step of upgrading an older database as the store opens it. Reported before the step runs,
/// because on a large log a step can take minutes: the daemon says what it is doing and keeps
/// systemd's start timeout from killing it part-way (a restart would only begin again).
public enum StoreUpgradeStep: Sendable, Equatable, CustomStringConvertible {
    /// A schema migration, by its identifier, about to be applied to a database that had others.
    case migration(String)
    /// The projection tables an older schema lacked, about to be filled from the event log.
    case fillingProjections(reviews: Int)

    public var description: String {
        switch self {
        case .migration(let id): "applying schema migration \(id)"
        case .fillingProjections(let reviews): "filling the projection tables of \(reviews) review\(reviews == 1 ? "" : "s") from the event log"
        }
    }
}
