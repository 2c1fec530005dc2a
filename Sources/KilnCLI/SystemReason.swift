import Foundation

/// The system's words for why a file operation failed ("No such file or directory"), for
/// messages that name the path themselves: Foundation's own description nests a POSIXError in a
/// CocoaError in a CocoaError and names every path involved, scratch folders included.
enum SystemReason {
    static func of(_ error: any Error) -> String {
        var cause = error
        for _ in 0..<8 {
            if let posix = cause as? POSIXError { return String(cString: strerror(posix.code.rawValue)) }
            guard let underlying = (cause as NSError).userInfo[NSUnderlyingErrorKey] as? any Error else { break }
            cause = underlying
        }
        return (cause as NSError).localizedDescription
    }
}
