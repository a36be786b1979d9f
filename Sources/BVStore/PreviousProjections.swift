import BVCore
import GRDB

/// What writing a command's projections needs of the review as it was before the command: the
/// fields its row lists and, for each table the command's changes can alter, the rows it held (or
/// only their count, when the changes can only append). Taken before the state is changed in
/// place: keeping the whole previous state instead would make every command copy the review's
/// lists, which grow with it.
struct PreviousProjections {
    let listed: [DatabaseValue]
    /// By position in `Projection.tables`; nil for a table the changes leave alone.
    let tables: [Projection.Before?]

    init(_ state: ReviewState, changes: Set<String>) {
        listed = SQLiteReviewStore.listedFields(state)
        var tables = [Projection.Before?](repeating: nil, count: Projection.tables.count)
        for change in changes {
            for index in Projection.alteredBy[change] ?? [] where tables[index] == nil {
                tables[index] = Projection.tables[index].before(state, changes: changes)
            }
        }
        self.tables = tables
    }
}

extension Projection {
    /// For each kind of change, the tables it can alter (their positions in `tables`): a command
    /// looks its changes up once rather than asking every table.
    static let alteredBy: [String: [Int]] = {
        var altered: [String: [Int]] = [:]
        for (index, table) in tables.enumerated() {
            for change in table.changedBy { altered[change, default: []].append(index) }
        }
        return altered
    }()
}
