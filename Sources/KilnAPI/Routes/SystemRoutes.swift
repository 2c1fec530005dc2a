import Hummingbird
import KilnCore

/// `GET /healthz` and `GET /openapi.json`: no key needed.
struct SystemRoutes {
    func register(_ table: RouteTable<some RouterMethods<KilnRequestContext>>) {
        table.path("/healthz", [.get: { _, _ in .json("{\"status\":\"ok\"}") }])
        table.path("/openapi.json", [.get: { _, _ in .json(OpenAPIDocument.text) }])
    }
}
