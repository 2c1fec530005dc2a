import HummingbirdCore
import Logging
import NIOCore

/// Hummingbird's HTTP/1.1 channel with Kiln's guards around it: the request timeouts, and the
/// `{kind, message}` answer to requests that cannot be read.
struct KilnHTTP1Channel: ServerChildChannel, HTTPChannelHandler {
    typealias Value = HTTP1Channel.Value

    private let base: HTTP1Channel

    init(responder: @escaping HTTPChannelHandler.Responder, limits: HTTPLimits) {
        base = HTTP1Channel(
            responder: responder,
            configuration: .init(additionalChannelHandlers: [RequestTimeoutHandler(limits: limits), RequestFailureHandler()])
        )
    }

    var responder: HTTPChannelHandler.Responder { base.responder }

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        // The arrival of bytes is seen before the decoder, which says nothing until a head is whole.
        channel.eventLoop.makeCompletedFuture {
            try channel.pipeline.syncOperations.addHandler(BytesArrivedHandler())
        }.flatMap {
            base.setup(channel: channel, logger: logger)
        }
    }

    func handle(value: Value, logger: Logger) async {
        await base.handle(value: value, logger: logger)
    }
}

extension HTTPServerBuilder {
    /// HTTP/1.1 with Kiln's request limits.
    static func kiln(_ limits: HTTPLimits) -> HTTPServerBuilder {
        .init { responder in KilnHTTP1Channel(responder: responder, limits: limits) }
    }
}
