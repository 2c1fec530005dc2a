import KilnCore
import Logging
import PostgresNIO

extension PostgresJobStore {
    // MARK: Connections

    public func createConnection(_ connection: Connection, sealedSecret: String) async throws {
        let logger = self.logger
        try await transaction { database in
            if connection.isDefault {
                try await database.query("UPDATE connections SET is_default = FALSE WHERE project_id = \(connection.projectID)", logger: logger)
            }
            try await database.query("""
                INSERT INTO connections (id, project_id, kind, name, endpoint, region, access_key_id, sealed_secret, is_default, force_path_style, created_at, updated_at)
                VALUES (\(connection.id), \(connection.projectID), \(connection.kind), \(connection.name), \(connection.endpoint), \(connection.region),
                    \(connection.accessKeyID), \(sealedSecret), \(connection.isDefault), \(connection.forcePathStyle), \(connection.createdAt), \(connection.updatedAt))
                """, logger: logger)
        }
    }

    public func connections(projectID: String) async throws -> [Connection] {
        try await rows("SELECT \(unescaped: PostgresRows.connectionColumns) FROM connections WHERE project_id = \(projectID) ORDER BY id")
            .map(PostgresRows.connection)
    }

    public func connection(id: String, projectID: String) async throws -> Connection? {
        try await rows("SELECT \(unescaped: PostgresRows.connectionColumns) FROM connections WHERE id = \(id) AND project_id = \(projectID)")
            .first.map(PostgresRows.connection)
    }

    public func updateConnection(id: String, projectID: String, changes: ConnectionChanges, sealedSecret: String?, now: Int64) async throws -> Connection? {
        let logger = self.logger
        return try await transaction { database in
            guard let row = try await database.query(
                "SELECT \(unescaped: PostgresRows.connectionColumns) FROM connections WHERE id = \(id) AND project_id = \(projectID) FOR UPDATE",
                logger: logger
            ).collect().first else { return nil }
            let connection = try PostgresRows.connection(row).applying(changes, now: now)
            if changes.isDefault == true {
                try await database.query("UPDATE connections SET is_default = FALSE WHERE project_id = \(projectID)", logger: logger)
            }
            try await database.query("""
                UPDATE connections SET name = \(connection.name), endpoint = \(connection.endpoint), region = \(connection.region),
                    access_key_id = \(connection.accessKeyID), is_default = \(connection.isDefault), force_path_style = \(connection.forcePathStyle),
                    updated_at = \(now), sealed_secret = COALESCE(\(sealedSecret), sealed_secret)
                WHERE id = \(id)
                """, logger: logger)
            return connection
        }
    }

    public func deleteConnection(id: String, projectID: String) async throws -> Bool {
        try await !rows("DELETE FROM connections WHERE id = \(id) AND project_id = \(projectID) RETURNING id").isEmpty
    }

    public func defaultConnection(projectID: String) async throws -> Connection? {
        try await rows("SELECT \(unescaped: PostgresRows.connectionColumns) FROM connections WHERE project_id = \(projectID) AND is_default")
            .first.map(PostgresRows.connection)
    }

    public func sealedSecret(connectionID: String) async throws -> String? {
        try await rows("SELECT sealed_secret FROM connections WHERE id = \(connectionID)").first.map { try $0.decode(String.self) }
    }
}
