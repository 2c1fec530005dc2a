/// How long a connection may take over each part of a request, and how long a shutdown waits for
/// the requests in flight. A client that sends nothing, half a header or half a body is closed
/// instead of holding a connection (and a shutdown) for ever.
public struct HTTPLimits: Sendable, Equatable {
    /// From the first byte of a request to the end of its header.
    public var headerTimeout: Duration
    /// From the end of the header to the end of the body.
    public var bodyTimeout: Duration
    /// How long a connection may wait for its next request.
    public var idleTimeout: Duration
    /// How long SIGTERM waits for the requests in flight before they are dropped and the process exits.
    public var shutdownDeadline: Duration

    public init(
        headerTimeout: Duration = .seconds(10), bodyTimeout: Duration = .seconds(60), idleTimeout: Duration = .seconds(75),
        shutdownDeadline: Duration = .seconds(25)
    ) {
        self.headerTimeout = headerTimeout
        self.bodyTimeout = bodyTimeout
        self.idleTimeout = idleTimeout
        self.shutdownDeadline = shutdownDeadline
    }
}
