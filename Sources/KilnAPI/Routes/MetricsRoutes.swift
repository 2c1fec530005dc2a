import Hummingbird
import KilnCore
import KilnObservability

/// `GET /metrics`, in Prometheus' text format.
struct MetricsRoutes {
    /// nil on an API port whose node has no `--metrics-token`: the route answers where to look instead.
    let exposition: MetricsExposition?

    func register(_ table: RouteTable<some RouterMethods<KilnRequestContext>>) {
        let exposition = self.exposition
        table.path("/metrics", [.get: { request, _ in
            guard let exposition else { throw APIError.metricsElsewhere }
            guard exposition.authorizes(request.headers[.authorization]) else {
                throw request.headers[.authorization] == nil ? APIError.metricsTokenMissing : APIError.metricsTokenInvalid
            }
            return Response(
                status: .ok, headers: [.contentType: NodeMetrics.contentType],
                body: .init(byteBuffer: ByteBuffer(bytes: await exposition.render()))
            )
        }])
    }
}

extension APIError {
    static let metricsElsewhere = APIError(
        "not_found", "metrics are not served on this port: start kiln with --metrics-token to read them here, or read them on its --metrics-port",
        status: 404
    )
    static let metricsTokenMissing = APIError("token_missing", "send the metrics token as 'Authorization: Bearer <token>' (the value of --metrics-token)", status: 401)
    static let metricsTokenInvalid = APIError("token_invalid", "the metrics token is not valid; it is the value of --metrics-token, not an API key", status: 401)
}
