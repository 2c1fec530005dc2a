import HTTPTypes
import Hummingbird
import KilnCore
import KilnDashboard

/// The dashboard: its page at `/`, its scripts and styles under `/dashboard/`, and
/// `/dashboard/kinds.json` for its forms. No key is needed to load them: the page asks for one
/// and sends it to the API as a bearer header, like any other client.
struct DashboardRoutes {
    let catalog: StepCatalog

    func register(_ table: RouteTable<some RouterMethods<KilnRequestContext>>) {
        let kinds = FormCatalog.json(catalog).serialized()
        for asset in DashboardAssets.all + [.init(path: "/dashboard/kinds.json", contentType: "application/json; charset=utf-8", text: kinds)] {
            table.path(asset.path, [.get: { request, _ in Self.response(asset, request: request) }])
        }
    }

    /// The asset, or `304` when the browser's copy is current: browsers check each time
    /// (`no-cache`) so a new version shows at once, and an unchanged one costs a few bytes.
    static func response(_ asset: DashboardAssets.Asset, request: Request) -> Response {
        var headers: HTTPFields = [
            .contentType: asset.contentType, .eTag: asset.etag, .cacheControl: "no-cache",
            .xContentTypeOptions: "nosniff", .referrerPolicy: "no-referrer",
        ]
        if asset.contentType.hasPrefix("text/html") {
            headers[.contentSecurityPolicy] = DashboardAssets.contentSecurityPolicy
            headers[.xFrameOptions] = "DENY"
        }
        if request.headers[.ifNoneMatch] == asset.etag {
            return Response(status: .notModified, headers: headers)
        }
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: asset.text)))
    }
}
