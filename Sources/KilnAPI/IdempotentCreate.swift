import HTTPTypes
import Hummingbird
import KilnCore
import KilnStore

extension APIEnvironment {
    /// Stores a new run (a job, or a standalone task) under the request's `Idempotency-Key`:
    /// `201` with `responseBody` the first time, `200` with the original body on a replay.
    func createIdempotently(
        _ run: Run, responseBody: String, location: String, route: String, body: JSONValue, request: Request, now: Int64
    ) async throws -> Response {
        let record = try JobRoutes.idempotencyKey(request).map {
            IdempotencyRecord(key: $0, requestHash: RequestHash.of(route: route, body: body), responseBody: responseBody, now: now)
        }
        switch try await store.createRun(run, idempotency: record) {
        case .created:
            if let job = run.job { metrics.jobCreated(kind: job.kind.rawValue) }
            jobCreated(run)
            return .json(responseBody, status: .created, headers: [.location: location])
        case .replayed(let original):
            return .json(original, status: .ok, headers: [.idempotentReplayed: "true"])
        }
    }
}
