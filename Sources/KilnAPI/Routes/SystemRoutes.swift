import Hummingbird
import KilnCore

/// `GET /healthz` and `GET /openapi.json`: no key needed.
struct SystemRoutes {
    let env: APIEnvironment

    func register(_ table: RouteTable<some RouterMethods<KilnRequestContext>>) {
        table.path("/healthz", [.get: { _, _ in .json("{\"status\":\"ok\"}") }])
        let document = OpenAPIDocument.text(catalog: env.catalog)
        table.path("/openapi.json", [.get: { _, _ in .json(document) }])
    }
}
