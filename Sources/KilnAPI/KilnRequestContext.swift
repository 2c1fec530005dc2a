import Hummingbird
import KilnCore
import KilnStore

/// The per-request context: Hummingbird's core storage and, after authentication, who is asking.
public struct KilnRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    public var principal: Principal?

    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.principal = nil
    }

    /// The caller's project; routes behind `AuthMiddleware` always have one.
    func requirePrincipal() throws -> Principal {
        guard let principal else { throw APIError.tokenMissing }
        return principal
    }
}
