import Hummingbird
import KilnCore
import KilnStore

/// One cursor-paged list route (`GET /jobs`, `/tasks`, `/events`): its filter parameters beside
/// the cursor ones, a page of the store, the bare array and the `Has-More` / `Link` headers.
struct PagedList<Filter, Item: Sendable> {
    let path: String
    let idPrefix: IDPrefix
    let filterNames: [String]
    let parseFilter: ([String: String]) throws -> Filter
    let fetch: (_ projectID: String, Filter, PageRequest) async throws -> Page<Item>
    let id: (Item) -> String
    let json: (Item) -> JSONValue

    func respond(_ request: Request, context: KilnRequestContext, env: APIEnvironment) async throws -> Response {
        let principal = try context.requirePrincipal()
        let params = try request.queryParameters(allowed: filterNames + PageRequest.parameterNames)
        let filter = try parseFilter(params)
        let page = try PageRequest.parse(params, idPrefix: idPrefix)
        let result = try await fetch(principal.projectID, filter, page)
        return .json(
            .array(result.items.map(json)),
            headers: PageLinks.headers(result, ids: result.items.map(id), page: page, params: params, base: env.publicURL + path)
        )
    }
}
