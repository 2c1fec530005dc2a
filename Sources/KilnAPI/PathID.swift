import KilnCore

/// The `:id` of a route's path. A malformed id names nothing, so it gets the same not-found
/// answer as an unknown one, without asking the store; every route that takes an id reads it here.
extension KilnRequestContext {
    /// The path's id, when it is well-formed for `prefix`; otherwise `notFound`.
    func pathID(_ prefix: IDPrefix, notFound: APIError) throws -> String {
        let id = parameters.get("id") ?? ""
        guard IDSource.isWellFormed(id, prefix: prefix) else { throw notFound }
        return id
    }

    /// What the path's id names in the caller's project, as `lookup` finds it; otherwise `notFound`.
    func pathItem<Item>(_ prefix: IDPrefix, notFound: APIError, _ lookup: (String) async throws -> Item?) async throws -> Item {
        guard let item = try await lookup(try pathID(prefix, notFound: notFound)) else { throw notFound }
        return item
    }
}
