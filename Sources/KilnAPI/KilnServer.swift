import Hummingbird
import KilnCore
import KilnStore
import Logging
import ServiceLifecycle

/// The HTTP API: routes, middleware and the Hummingbird application that serves them.
public enum KilnServer {
    public static func router(_ env: APIEnvironment, logger: Logger) -> Router<KilnRequestContext> {
        let router = Router(context: KilnRequestContext.self)
        let methods = RouteMethods()
        // Outermost first: the id is set before anything logs, and the request is counted with
        // the status the error middleware gives it.
        router.add(middleware: RequestIDMiddleware(ids: env.ids))
        router.add(middleware: ObservingMiddleware(metrics: env.metrics))
        router.add(middleware: ErrorMiddleware())
        router.add(middleware: PathCheckMiddleware())
        router.add(middleware: UnknownMethodMiddleware(routes: methods))
        if let filesRoot = env.filesRoot {
            FileRoutes(root: filesRoot).register(RouteTable(router: router, methods: methods))
        }
        SystemRoutes(env: env).register(RouteTable(router: router, methods: methods))
        MetricsRoutes(exposition: env.metricsExposition).register(RouteTable(router: router, methods: methods))
        DashboardRoutes(catalog: env.catalog).register(RouteTable(router: router, methods: methods))

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
            router: router(env, logger: logger),
            server: .kiln(limits),
            configuration: .init(address: .hostname(host, port: port), serverName: "kiln"),
            services: services,
            onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? port) },
            logger: logger
        )
    }

    /// A server of `GET /metrics` alone, on a port of its own (`--metrics-port`): for `kiln
    /// worker`, which has no API, and for operators who keep metrics off the API's port.
    public static func metricsApplication(
        _ exposition: MetricsExposition, ids: IDSource = .live(), host: String, port: Int, logger: Logger,
        onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }
    ) -> some ApplicationProtocol & Service {
        let router = Router(context: KilnRequestContext.self)
        let methods = RouteMethods()
        router.add(middleware: RequestIDMiddleware(ids: ids))
        router.add(middleware: ErrorMiddleware())
        router.add(middleware: UnknownMethodMiddleware(routes: methods))
        MetricsRoutes(exposition: exposition).register(RouteTable(router: router, methods: methods))
        return Application(
            router: router,
            configuration: .init(address: .hostname(host, port: port), serverName: "kiln"),
            onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? port) },
            logger: logger
        )
    }
}
