import BVCore
import GRDB

/// What writing a command's projections needs of the review as it was before the command: the
/// fields its row lists and, for each table the command's changes can alter, the rows it held (or
/// only their count, when the changes can only append). Taken before the state is changed in
/// place: keeping the whole previous state instead would make every command copy the review's
/// lists, which grow with it.
struct PreviousProjections {
    let listed: [DatabaseValue]
    /// By table name; a table missing here is one the changes leave alone.
    let tables: [String: Projection.Before]

    init(_ state: ReviewState, changes: Set<String>) {
        listed = SQLiteReviewStore.listedFields(state)
        var tables: [String: Projection.Before] = [:]
        for projection in Projection.tables where !projection.changedBy.isDisjoint(with: changes) {
            tables[projection.name] = projection.before(state, changes: changes)
        }
        self.tables = tables
    }
}
