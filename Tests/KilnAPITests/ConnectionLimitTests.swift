import Foundation
import KilnCore
import Testing

/// The real `kiln serve` holds each connection to its timeouts (#12): a connection that sent
/// nothing, half a header or half a body stayed open for ever, and a half-sent body kept SIGTERM
/// from ending the server.
@Suite(.serialized) struct ConnectionLimitTests {
    @Test func slowClientsAreCutOffAndIdleConnectionsClosed() async throws {
        let data = try TemporaryDirectory.make()
        defer { try? FileManager.default.removeItem(at: data) }
        let server = KilnProcess(
            arguments: ["serve", "--port", "0", "--data", data.path, "--workers", "0", "--header-timeout", "1", "--body-timeout", "1"],
            environment: ["KILN_API_KEY": "slow", "KILN_IDLE_TIMEOUT": "2"]
        )
        try server.start()
        defer { server.kill(SIGTERM) }
        let port = server.port
        try await offload {
            // Nothing sent: closed, with nothing said, once idle for the idle timeout.
            let silent = try RawConnection(port: port)
            #expect(silent.readToClose() == [], "a silent connection is closed")

            // Half a header: 408, then closed.
            let halfHeader = try RawConnection(port: port)
            halfHeader.send("GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: ")
            let header = try halfHeader.readResponse()
            #expect(header.status == 408 && header.errorKind == "request_timeout", "\(header.text)")
            #expect(header.text.contains("header"))
            #expect(halfHeader.readToClose() == [])

            // Half a body: 408, then closed.
            let halfBody = try RawConnection(port: port)
            halfBody.send("POST /jobs HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer slow\r\nContent-Length: 100\r\n\r\n{\"input\":")
            let body = try halfBody.readResponse()
            #expect(body.status == 408 && body.errorKind == "request_timeout", "\(body.text)")
            #expect(body.text.contains("body"))
            #expect(halfBody.readToClose() == [])

            // Kept alive: answered, then closed once idle.
            let keptAlive = try RawConnection(port: port)
            keptAlive.send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
            #expect(try keptAlive.readResponse().status == 200)
            keptAlive.send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
            #expect(try keptAlive.readResponse().status == 200, "a second request on the same connection")
            #expect(keptAlive.readToClose() == [], "closed when idle")
        }
        #expect(try await HTTPTestClient(baseURL: "http://127.0.0.1:\(port)", apiKey: "slow").get("/jobs").status == 200)
    }

    @Test func aShutdownDropsWhatIsStillInFlightAfterItsDeadline() async throws {
        let data = try TemporaryDirectory.make()
        defer { try? FileManager.default.removeItem(at: data) }
        let server = KilnProcess(
            arguments: ["serve", "--port", "0", "--data", data.path, "--workers", "0", "--body-timeout", "600", "--shutdown-deadline", "2"],
            environment: ["KILN_API_KEY": "deadline"], logs: true
        )
        try server.start()
        defer { if server.process.isRunning { server.kill(SIGKILL) } }
        let port = server.port
        let connection = try await offload {
            // A request whose body never comes: without a deadline the shutdown waits for it.
            let connection = try RawConnection(port: port)
            connection.send("POST /jobs HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer deadline\r\nContent-Length: 100\r\n\r\n{\"input\":")
            return connection
        }
        // A request on another connection answered: the first head has been read by now.
        #expect(try await HTTPTestClient(baseURL: "http://127.0.0.1:\(port)", apiKey: "deadline").get("/jobs").status == 200)
        let exited = try await offload { server.signal(SIGTERM, exitsWithin: .seconds(30)) }
        #expect(exited, "SIGTERM ends the server although a request is in flight")
        if exited {
            #expect(server.process.terminationStatus == 0)
            #expect(server.outputText.contains("shutdown deadline"), "\(server.outputText)")
        }
        let rest = try await offload { connection.readToClose() }
        #expect(rest != nil, "the dropped connection is closed")
    }
}
