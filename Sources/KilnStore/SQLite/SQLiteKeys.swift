import GRDB
import KilnCore

extension SQLiteJobStore {
    // MARK: Keys

    public func ensureAPIKey(secret: String, projectName: String, now: Int64) async throws {
        let hash = APIKeySecret.hash(secret)
        let ids = self.ids
        try await pool.write { db in
            let projectID = try Self.project(named: projectName, db: db, ids: ids, now: now)
            if let row = try Row.fetchOne(db, sql: "SELECT project_id, revoked_at FROM api_keys WHERE secret_hash = ?", arguments: [hash]) {
                let revoked: Int64? = row["revoked_at"]
                let owner: String = row["project_id"]
                if revoked != nil || owner != projectID {
                    try db.execute(sql: "UPDATE api_keys SET revoked_at = NULL, project_id = ? WHERE secret_hash = ?", arguments: [projectID, hash])
                }
                return
            }
            try db.execute(
                sql: "INSERT INTO api_keys (id, project_id, name, secret_hash, hint, created_at) VALUES (?, ?, ?, ?, ?, ?)",
                arguments: [ids.make(.key), projectID, "KILN_API_KEY", hash, APIKeySecret.hint(secret), now]
            )
        }
    }

    public func createAPIKey(projectName: String, name: String?, now: Int64) async throws -> CreatedAPIKey {
        let secret = APIKeySecret.generate()
        let keyID = ids.make(.key)
        let ids = self.ids
        let projectID = try await pool.write { db in
            let projectID = try Self.project(named: projectName, db: db, ids: ids, now: now)
            try db.execute(
                sql: "INSERT INTO api_keys (id, project_id, name, secret_hash, hint, created_at) VALUES (?, ?, ?, ?, ?, ?)",
                arguments: [keyID, projectID, name, APIKeySecret.hash(secret), APIKeySecret.hint(secret), now]
            )
            return projectID
        }
        return CreatedAPIKey(id: keyID, projectID: projectID, projectName: projectName, name: name, secret: secret, now: now)
    }

    public func listAPIKeys() async throws -> [APIKeyInfo] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: """
                SELECT k.id, k.project_id, p.name AS project_name, k.name, k.hint, k.created_at, k.revoked_at
                FROM api_keys k JOIN projects p ON p.id = k.project_id ORDER BY k.id
                """).map { row in
                APIKeyInfo(
                    id: row["id"], projectID: row["project_id"], projectName: row["project_name"], name: row["name"],
                    hint: row["hint"], createdAt: row["created_at"], revokedAt: row["revoked_at"]
                )
            }
        }
    }

    public func revokeAPIKey(id: String, now: Int64) async throws -> Bool {
        try await pool.write { db in
            try db.execute(sql: "UPDATE api_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL", arguments: [now, id])
            return db.changesCount > 0
        }
    }

    public func activeAPIKeyCount() async throws -> Int {
        try await pool.read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM api_keys WHERE revoked_at IS NULL") ?? 0
        }
    }

    // Reads run synchronously on the calling thread: a WAL read of a few rows takes microseconds,
    // far less than hopping to GRDB's reader queue and back.

    public func authenticate(secret: String) async throws -> Principal? {
        let hash = APIKeySecret.hash(secret)
        return try readNow { db in
            let statement = try db.cachedStatement(sql: "SELECT id, project_id FROM api_keys WHERE secret_hash = ? AND revoked_at IS NULL")
            guard let row = try Row.fetchOne(statement, arguments: [hash]) else { return nil }
            return Principal(projectID: row["project_id"], keyID: row["id"])
        }
    }

    static func project(named name: String, db: Database, ids: IDSource, now: Int64) throws -> String {
        if let id = try String.fetchOne(db, sql: "SELECT id FROM projects WHERE name = ?", arguments: [name]) {
            return id
        }
        let id = ids.make(.project)
        try db.execute(sql: "INSERT INTO projects (id, name, created_at) VALUES (?, ?, ?)", arguments: [id, name, now])
        return id
    }
}
