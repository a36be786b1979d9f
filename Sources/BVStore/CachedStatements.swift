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

    /// One write transaction, begun and committed through cached statements (GRDB's own wrapper
    /// parses its BEGIN and COMMIT afresh each time, which showed in the command profile). Rolled
    /// back if `body` throws or the commit fails.
    func inCachedTransaction<T>(_ body: () throws -> T) throws -> T {
        try cachedStatement(sql: "BEGIN IMMEDIATE").execute()
        do {
            let result = try body()
            try cachedStatement(sql: "COMMIT").execute()
            return result
        } catch {
            if isInsideTransaction { try? execute(sql: "ROLLBACK") }
            throw error
        }
    }
}
