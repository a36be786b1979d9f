import GRDB
import GRDBSQLite

/// A value for `Statement.run(binding:)`.
enum SQLArgument {
    case int(Int64)
    case real(Double)
    case text(String)
    case blob([UInt8])
    case null

    init(_ value: DatabaseValue) {
        switch value.storage {
        case .null: self = .null
        case .int64(let number): self = .int(number)
        case .double(let number): self = .real(number)
        case .string(let text): self = .text(text)
        case .blob(let data): self = .blob(Array(data))
        }
    }

    static func optional(_ number: Int64?) -> SQLArgument { number.map(SQLArgument.int) ?? .null }
}

/// The statements every command runs, bound and stepped straight through SQLite's C interface.
/// GRDB's checked binding (arguments validated, each value boxed and unboxed) was an eighth of a
/// command's time; these statements are bvd's own, cached, and their arguments fixed in number.
/// bvd registers no GRDB transaction observers, which is all GRDB's own path adds around a step.
/// Each leaves its statement reset, as GRDB expects to find it.
extension Statement {
    private static let transient = unsafeBitCast(OpaquePointer(bitPattern: -1), to: sqlite3_destructor_type.self)

    /// Runs an INSERT or UPDATE.
    func run(binding arguments: [SQLArgument]) throws {
        try bind(arguments)
        let code = sqlite3_step(sqliteStatement)
        defer { sqlite3_reset(sqliteStatement) }
        guard code == SQLITE_DONE else { throw failure(code) }
    }

    /// The first column of the first row as an integer, nil when there is no row or it is NULL.
    func int64(binding arguments: [SQLArgument]) throws -> Int64? {
        try bind(arguments)
        let code = sqlite3_step(sqliteStatement)
        defer { sqlite3_reset(sqliteStatement) }
        switch code {
        case SQLITE_ROW:
            return sqlite3_column_type(sqliteStatement, 0) == SQLITE_NULL ? nil : sqlite3_column_int64(sqliteStatement, 0)
        case SQLITE_DONE:
            return nil
        default:
            throw failure(code)
        }
    }

    private func bind(_ arguments: [SQLArgument]) throws {
        let handle = sqliteStatement
        sqlite3_reset(handle)
        precondition(Int(sqlite3_bind_parameter_count(handle)) == arguments.count, "\(sql): \(arguments.count) arguments")
        for (offset, argument) in arguments.enumerated() {
            let index = CInt(offset + 1)
            let code: CInt
            switch argument {
            case .int(let number): code = sqlite3_bind_int64(handle, index, number)
            case .real(let number): code = sqlite3_bind_double(handle, index, number)
            case .null: code = sqlite3_bind_null(handle, index)
            case .blob(let bytes):
                code = bytes.isEmpty ? sqlite3_bind_zeroblob(handle, index, 0)
                                     : bytes.withUnsafeBytes { sqlite3_bind_blob(handle, index, $0.baseAddress, CInt($0.count), Self.transient) }
            case .text(let text):
                var text = text
                code = text.withUTF8 { bytes in
                    // An empty text still needs a pointer: a null one would bind NULL.
                    bytes.isEmpty ? sqlite3_bind_text(handle, index, "", 0, Self.transient)
                                  : sqlite3_bind_text(handle, index, bytes.baseAddress, CInt(bytes.count), Self.transient)
                }
            }
            guard code == SQLITE_OK else { throw failure(code) }
        }
    }

    private func failure(_ code: CInt) -> DatabaseError {
        DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(sqlite3_db_handle(sqliteStatement))), sql: sql)
    }
}
