import Hummingbird
import KilnCore
import KilnStore
import Logging
import ServiceLifecycle

/// The HTTP API: routes, middleware and the Hummingbird application that serves them.
public enum KilnServer {
    public static func router(_ env: APIEnvironment) -> Router<KilnRequestContext> {
        let router = Router(context: KilnRequestContext.self)
        let methods = RouteMethods()
        router.add(middleware: ErrorMiddleware())
        router.add(middleware: PathCheckMiddleware())
        router.add(middleware: UnknownMethodMiddleware(routes: methods))
        if let filesRoot = env.filesRoot {
            FileRoutes(root: filesRoot).register(RouteTable(router: router, methods: methods))
        }
        SystemRoutes(env: env).register(RouteTable(router: router, methods: methods))

        let authenticated = router.group().add(middleware: AuthMiddleware(keys: AuthCache(store: env.store, clock: env.clock)))
        JobRoutes(env: env).register(RouteTable(router: authenticated, methods: methods))
        TaskRoutes(env: env).register(RouteTable(router: authenticated, methods: methods))
        ConnectionRoutes(env: env).register(RouteTable(router: authenticated, methods: methods))
        EventRoutes(env: env).register(RouteTable(router: authenticated, methods: methods))
        WebhookRoutes(env: env).register(RouteTable(router: authenticated, methods: methods))
        EventStreams(env: env).register(RouteTable(router: authenticated, methods: methods))
        return router
    }

    public static func application(
        _ env: APIEnvironment, host: String, port: Int, limits: HTTPLimits = HTTPLimits(), services: [any Service] = [],
        logger: Logger, onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }
    ) -> some ApplicationProtocol {
        Application(
            router: router(env),
            server: .kiln(limits),
            configuration: .init(address: .hostname(host, port: port), serverName: "kiln"),
            services: services,
            onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? port) },
            logger: logger
        )
    }
}
