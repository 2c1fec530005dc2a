import Foundation
import KilnCore
import KilnStore
import Logging
import PostgresNIO
import Testing

/// The stores the contract suite runs against: SQLite always, PostgreSQL when `scripts/test`
/// started one (KILN_TEST_POSTGRES_URL).
enum StoreKind: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case sqlite, postgres

    var testDescription: String { rawValue }

    static var available: [StoreKind] { TestPostgres.baseURL == nil ? [.sqlite] : [.sqlite, .postgres] }

    /// Runs `body` with a fresh, empty store of this kind.
    func withStore<T: Sendable>(ids: IDSource = .live(), _ body: @Sendable (any JobStore) async throws -> T) async throws -> T {
        switch self {
        case .sqlite:
            let directory = try TemporaryDirectory.make()
            defer { try? FileManager.default.removeItem(at: directory) }
            return try await body(SQLiteJobStore(path: directory.appendingPathComponent("kiln.sqlite").path, ids: ids))
        case .postgres:
            return try await TestPostgres.withDatabase { url in
                try await TestPostgres.withStore(url: url, ids: ids, body)
            }
        }
    }
}

/// The throwaway PostgreSQL cluster `scripts/test` started; each test gets a database of its own.
enum TestPostgres {
    static var baseURL: String? {
        ProcessInfo.processInfo.environment["KILN_TEST_POSTGRES_URL"].flatMap { $0.isEmpty ? nil : $0 }
    }

    /// Creates an empty database, runs `body` with its URL, and drops it.
    static func withDatabase<T: Sendable>(_ body: @Sendable (String) async throws -> T) async throws -> T {
        guard let base = baseURL, var components = URLComponents(string: base) else { throw TestFailure("KILN_TEST_POSTGRES_URL is not set") }
        let name = "kiln_test_\(UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(16))"
        try await admin(base, "CREATE DATABASE \(name)")
        components.path = "/" + name
        let url = components.string!
        do {
            let result = try await body(url)
            try? await admin(base, "DROP DATABASE \(name) WITH (FORCE)")
            return result
        } catch {
            try? await admin(base, "DROP DATABASE \(name) WITH (FORCE)")
            throw error
        }
    }

    /// Runs a PostgresJobStore (migrated) for the length of `body`.
    static func withStore<T: Sendable>(url: String, ids: IDSource = .live(), _ body: @Sendable (PostgresJobStore) async throws -> T) async throws -> T {
        let store = try PostgresJobStore(url: url, ids: ids, logger: quietLogger)
        return try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask {
                await store.run()
                return nil
            }
            defer { group.cancelAll() }
            try await store.migrate()
            return try await body(store)
        }
    }

    static let quietLogger: Logger = {
        var logger = Logger(label: "kiln-test-postgres")
        logger.logLevel = .critical
        return logger
    }()

    private static func admin(_ url: String, _ sql: String) async throws {
        guard let components = URLComponents(string: url), let host = components.host else { throw TestFailure("bad URL \(url)") }
        let configuration = PostgresConnection.Configuration(
            host: host, port: components.port ?? 5432, username: components.user ?? "postgres", password: components.password,
            database: String(components.path.dropFirst()), tls: .disable
        )
        let connection = try await PostgresConnection.connect(configuration: configuration, id: 1, logger: quietLogger)
        do {
            try await connection.query(PostgresQuery(unsafeSQL: sql), logger: quietLogger)
        } catch {
            try? await connection.close()
            throw error
        }
        try await connection.close()
    }
}
