import GRDB

extension Database {
    /// Executes SQL through the connection's statement cache: the hot path of every command
    /// runs the same few statements, and compiling them each time costs more than running them.
    func run(_ sql: String, _ arguments: StatementArguments = []) throws {
        try cachedStatement(sql: sql).execute(arguments: arguments)
    }

    func row(_ sql: String, _ arguments: StatementArguments = []) throws -> Row? {
        try Row.fetchOne(cachedStatement(sql: sql), arguments: arguments)
    }
}
