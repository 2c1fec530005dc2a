import HTTPTypes
import KilnCore
import NIOCore
import NIOHTTPTypes

/// Answers a request the server could not read — malformed HTTP, or a header or body that did not
/// arrive in time — with its `{kind, message}` and closes the connection. Without it Hummingbird
/// answers an empty `400`, and a handler that was reading the body fails with a `500`.
final class RequestFailureHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    /// A response has started and not ended: no other can be written on this connection.
    private var responding = false
    /// This handler answered: the connection is closing, and what the server writes after is dropped.
    private var answered = false

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        // The rest of a request already refused is not handed on.
        guard !answered else { return }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        guard !answered else {
            promise?.fail(ChannelError.ioOnClosedChannel)
            return
        }
        switch unwrapOutboundIn(data) {
        case .head(let head) where head.status.kind == .informational: break
        case .head: responding = true
        case .body: break
        case .end: responding = false
        }
        context.write(data, promise: promise)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        if !answered, let failure = ConnectionErrors.apiError(for: error) {
            answered = true
            if !responding {
                let body = ByteBuffer(bytes: failure.json.serializedBytes())
                let head = HTTPResponse(
                    status: .init(code: failure.httpStatus),
                    headerFields: [
                        .contentType: "application/json; charset=utf-8", .contentLength: String(body.readableBytes), .connection: "close",
                    ]
                )
                context.write(wrapOutboundOut(.head(head)), promise: nil)
                context.write(wrapOutboundOut(.body(body)), promise: nil)
                context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
            }
            context.close(promise: nil)
        }
        // The request's handler, if one is reading the body, learns that it will not come.
        context.fireErrorCaught(error)
    }
}
