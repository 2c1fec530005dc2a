import ArgumentParser
import Foundation
import KilnStore
import Logging
import PostgresNIO

/// Where the jobs live: the data directory's SQLite file, or a PostgreSQL database shared by
/// every node.
struct DatabaseOptions: ParsableArguments {
    @Option(help: "postgres://user:password@host:5432/db[?sslmode=disable|prefer|require] shared by every node (env KILN_DATABASE_URL); default: SQLite in the data directory.")
    var database: String?

    func url(_ environment: [String: String]) -> String? {
        guard let url = database ?? environment["KILN_DATABASE_URL"], !url.isEmpty else { return nil }
        return url
    }

    /// Opens the PostgreSQL store, runs its connection pool for the length of `body` and brings
    /// the schema up to date first. (The pool outlives the service group that uses it.)
    static func withPostgres<T: Sendable>(
        _ url: String, logger: Logger, _ body: (PostgresJobStore) async throws -> T
    ) async throws -> T {
        let store: PostgresJobStore
        do {
            store = try PostgresJobStore(url: url, logger: logger)
        } catch let error as PostgresURL.Invalid {
            throw ValidationError(error.description)
        }
        return try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask {
                await store.run()
                return nil
            }
            defer { group.cancelAll() }
            do {
                try await store.checkConnection()
                try await store.migrate()
            } catch {
                throw DatabaseUnavailable(url: url, underlying: error)
            }
            return try await body(store)
        }
    }
}

/// The database could not be reached or prepared at start.
struct DatabaseUnavailable: Error, CustomStringConvertible {
    let url: String
    let underlying: any Error

    var description: String {
        let shown = URLComponents(string: url).map { components -> String in
            var safe = components
            safe.password = safe.password == nil ? nil : "***"
            return safe.string ?? "the database"
        } ?? "the database"
        let reason: String
        if let error = underlying as? PSQLError {
            reason = [error.serverInfo?[.message], error.underlying.map { String(describing: $0) }, error.code.description]
                .compactMap { $0 }.first ?? String(describing: error)
        } else {
            reason = String(describing: underlying)
        }
        return "cannot use the database \(shown): \(reason)"
    }
}
