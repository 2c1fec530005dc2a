import HTTPTypes

extension HTTPField.Name {
    static let link = HTTPField.Name("Link")!
    static let hasMore = HTTPField.Name("Has-More")!
    static let idempotencyKey = HTTPField.Name("Idempotency-Key")!
    static let idempotentReplayed = HTTPField.Name("Idempotent-Replayed")!
    static let lastEventID = HTTPField.Name("Last-Event-ID")!
    static let requestID = HTTPField.Name("X-Request-Id")!
    static let referrerPolicy = HTTPField.Name("Referrer-Policy")!
    static let xFrameOptions = HTTPField.Name("X-Frame-Options")!
}
