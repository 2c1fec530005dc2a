import GRDB
import KilnCore

extension SQLiteJobStore {
    // MARK: Connections

    static let connectionColumns = "id, project_id, kind, name, endpoint, region, access_key_id, is_default, force_path_style, created_at, updated_at"

    static func connection(_ row: Row) -> Connection {
        Connection(
            id: row[0], projectID: row[1], kind: row[2], name: row[3], endpoint: row[4], region: row[5],
            accessKeyID: row[6], isDefault: row[7], forcePathStyle: row[8], createdAt: row[9], updatedAt: row[10]
        )
    }

    public func createConnection(_ connection: Connection, sealedSecret: String) async throws {
        try await pool.write { db in
            if connection.isDefault {
                try db.execute(sql: "UPDATE connections SET is_default = 0 WHERE project_id = ?", arguments: [connection.projectID])
            }
            try db.execute(sql: """
                INSERT INTO connections (id, project_id, kind, name, endpoint, region, access_key_id, sealed_secret, is_default, force_path_style, created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [
                    connection.id, connection.projectID, connection.kind, connection.name, connection.endpoint, connection.region,
                    connection.accessKeyID, sealedSecret, connection.isDefault, connection.forcePathStyle, connection.createdAt, connection.updatedAt,
                ])
        }
    }

    public func connections(projectID: String) async throws -> [Connection] {
        try readNow { db in
            try Row.fetchAll(db, sql: "SELECT \(Self.connectionColumns) FROM connections WHERE project_id = ? ORDER BY id", arguments: [projectID]).map(Self.connection)
        }
    }

    public func connection(id: String, projectID: String) async throws -> Connection? {
        try readNow { db in
            try Row.fetchOne(db, sql: "SELECT \(Self.connectionColumns) FROM connections WHERE id = ? AND project_id = ?", arguments: [id, projectID]).map(Self.connection)
        }
    }

    public func updateConnection(id: String, projectID: String, changes: ConnectionChanges, sealedSecret: String?, now: Int64) async throws -> Connection? {
        try await pool.write { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT \(Self.connectionColumns) FROM connections WHERE id = ? AND project_id = ?", arguments: [id, projectID]) else {
                return nil
            }
            let connection = Self.connection(row).applying(changes, now: now)
            if changes.isDefault == true {
                try db.execute(sql: "UPDATE connections SET is_default = 0 WHERE project_id = ?", arguments: [projectID])
            }
            try db.execute(sql: """
                UPDATE connections SET name = ?, endpoint = ?, region = ?, access_key_id = ?, is_default = ?, force_path_style = ?, updated_at = ?,
                    sealed_secret = COALESCE(?, sealed_secret)
                WHERE id = ?
                """, arguments: [
                    connection.name, connection.endpoint, connection.region, connection.accessKeyID, connection.isDefault,
                    connection.forcePathStyle, now, sealedSecret, id,
                ])
            return connection
        }
    }

    public func deleteConnection(id: String, projectID: String) async throws -> Bool {
        try await pool.write { db in
            try db.execute(sql: "DELETE FROM connections WHERE id = ? AND project_id = ?", arguments: [id, projectID])
            return db.changesCount > 0
        }
    }

    public func defaultConnection(projectID: String) async throws -> Connection? {
        try readNow { db in
            try Row.fetchOne(db, sql: "SELECT \(Self.connectionColumns) FROM connections WHERE project_id = ? AND is_default = 1", arguments: [projectID]).map(Self.connection)
        }
    }

    public func sealedSecret(connectionID: String) async throws -> String? {
        try readNow { db in try String.fetchOne(db, sql: "SELECT sealed_secret FROM connections WHERE id = ?", arguments: [connectionID]) }
    }
}
