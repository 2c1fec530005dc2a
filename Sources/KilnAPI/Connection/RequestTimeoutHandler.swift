import NIOCore
import NIOHTTPTypes

/// A request whose header or body did not arrive within its limit.
enum RequestTimeout: Error, Equatable {
    case header
    case body
}

/// Holds each connection to `HTTPLimits`: waiting for a request, the idle timeout (then the
/// connection is closed quietly); from its first byte to the end of its header, the header
/// timeout; from there to the end of its body, the body timeout (then `408`, by
/// `RequestFailureHandler`). While the server answers, no limit applies.
final class RequestTimeoutHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    private let limits: HTTPLimits
    /// Requests read (their head) whose response has not ended.
    private var unanswered = 0
    /// A head has arrived and its end has not.
    private var readingBody = false
    /// Bytes of the next request have arrived, its head has not.
    private var readingHeader = false
    /// When the limit in force runs out, and what happens then.
    private var deadline: NIODeadline?
    private var onExpiry: ((ChannelHandlerContext) -> Void)?
    private var timer: Scheduled<Void>?
    private var timerAt = NIODeadline.distantFuture

    init(limits: HTTPLimits) {
        self.limits = limits
    }

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { waitForRequest(context) }
    }

    func channelActive(context: ChannelHandlerContext) {
        waitForRequest(context)
        context.fireChannelActive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        stop()
    }

    func channelInactive(context: ChannelHandlerContext) {
        stop()
        context.fireChannelInactive()
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        guard event is BytesArrived else {
            context.fireUserInboundEventTriggered(event)
            return
        }
        if unanswered == 0, !readingBody, !readingHeader {
            readingHeader = true
            schedule(context, after: limits.headerTimeout) { context in context.fireErrorCaught(RequestTimeout.header) }
        }
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head:
            unanswered += 1
            readingHeader = false
            readingBody = true
            schedule(context, after: limits.bodyTimeout) { context in context.fireErrorCaught(RequestTimeout.body) }
        case .body:
            break
        case .end:
            readingBody = false
            cancel()
        }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if case .end = unwrapOutboundIn(data) {
            unanswered = max(0, unanswered - 1)
            if unanswered == 0, !readingBody { waitForRequest(context) }
        }
        context.write(data, promise: promise)
    }

    private func waitForRequest(_ context: ChannelHandlerContext) {
        readingHeader = false
        schedule(context, after: limits.idleTimeout) { context in context.close(promise: nil) }
    }

    /// Sets the one deadline in force. The timer is re-armed lazily: a later deadline leaves the
    /// armed timer alone (when it fires early it arms itself for the rest), so a connection of
    /// many quick requests costs a timer now and then instead of three per request.
    private func schedule(_ context: ChannelHandlerContext, after limit: Duration, _ expire: @escaping (ChannelHandlerContext) -> Void) {
        let at = NIODeadline.now() + TimeAmount(limit)
        deadline = at
        onExpiry = expire
        if timer == nil || at < timerAt {
            timer?.cancel()
            arm(context, at: at)
        }
    }

    private func arm(_ context: ChannelHandlerContext, at: NIODeadline) {
        timerAt = at
        timer = context.eventLoop.assumeIsolated().scheduleTask(deadline: at) { [weak self] in self?.fired(context) }
    }

    private func fired(_ context: ChannelHandlerContext) {
        timer = nil
        guard let deadline else { return }
        guard NIODeadline.now() >= deadline else {
            arm(context, at: deadline)
            return
        }
        let expire = onExpiry
        self.deadline = nil
        onExpiry = nil
        expire?(context)
    }

    /// No limit applies until the next `schedule`; the armed timer, if any, finds nothing to do.
    private func cancel() {
        deadline = nil
        onExpiry = nil
    }

    /// The connection is gone: the timer too.
    private func stop() {
        cancel()
        timer?.cancel()
        timer = nil
    }
}

/// Sent down the pipeline when bytes arrive, before the decoder sees them: the only sign that a
/// request has begun while its header is still incomplete.
struct BytesArrived: Sendable {}

/// First in the pipeline: announces arriving bytes to `RequestTimeoutHandler`.
final class BytesArrivedHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        context.fireUserInboundEventTriggered(BytesArrived())
        context.fireChannelRead(data)
    }
}
