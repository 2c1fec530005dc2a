import KilnCore
import Logging
import PostgresNIO

extension PostgresJobStore {
    // MARK: Keys

    public func ensureAPIKey(secret: String, projectName: String, now: Int64) async throws {
        let hash = APIKeySecret.hash(secret)
        let (ids, logger) = (self.ids, self.logger)
        try await transaction { connection in
            let projectID = try await Self.project(named: projectName, connection: connection, ids: ids, now: now, logger: logger)
            try await connection.query("""
                INSERT INTO api_keys (id, project_id, name, secret_hash, hint, created_at)
                VALUES (\(ids.make(.key)), \(projectID), 'KILN_API_KEY', \(hash), \(APIKeySecret.hint(secret)), \(now))
                ON CONFLICT (secret_hash) DO UPDATE SET revoked_at = NULL, project_id = EXCLUDED.project_id
                """, logger: logger)
        }
    }

    public func createAPIKey(projectName: String, name: String?, now: Int64) async throws -> CreatedAPIKey {
        let secret = APIKeySecret.generate()
        let keyID = ids.make(.key)
        let (ids, logger) = (self.ids, self.logger)
        let projectID = try await transaction { connection in
            let projectID = try await Self.project(named: projectName, connection: connection, ids: ids, now: now, logger: logger)
            try await connection.query("""
                INSERT INTO api_keys (id, project_id, name, secret_hash, hint, created_at)
                VALUES (\(keyID), \(projectID), \(name), \(APIKeySecret.hash(secret)), \(APIKeySecret.hint(secret)), \(now))
                """, logger: logger)
            return projectID
        }
        return CreatedAPIKey(id: keyID, projectID: projectID, projectName: projectName, name: name, secret: secret, now: now)
    }

    public func listAPIKeys() async throws -> [APIKeyInfo] {
        try await rows("""
            SELECT k.id, k.project_id, p.name, k.name, k.hint, k.created_at, k.revoked_at
            FROM api_keys k JOIN projects p ON p.id = k.project_id ORDER BY k.id
            """).map { row in
            let (id, projectID, projectName, name, hint, createdAt, revokedAt) = try row.decode((String, String, String, String?, String, Int64, Int64?).self)
            return APIKeyInfo(id: id, projectID: projectID, projectName: projectName, name: name, hint: hint, createdAt: createdAt, revokedAt: revokedAt)
        }
    }

    public func revokeAPIKey(id: String, now: Int64) async throws -> Bool {
        try await !rows("UPDATE api_keys SET revoked_at = \(now) WHERE id = \(id) AND revoked_at IS NULL RETURNING id").isEmpty
    }

    public func activeAPIKeyCount() async throws -> Int {
        try await rows("SELECT COUNT(*)::BIGINT FROM api_keys WHERE revoked_at IS NULL")[0].decode(Int.self)
    }

    public func authenticate(secret: String) async throws -> Principal? {
        let hash = APIKeySecret.hash(secret)
        guard let row = try await rows("SELECT id, project_id FROM api_keys WHERE secret_hash = \(hash) AND revoked_at IS NULL").first else { return nil }
        let (keyID, projectID) = try row.decode((String, String).self)
        return Principal(projectID: projectID, keyID: keyID)
    }
}
