package io.mllifecycle.server;

import io.mllifecycle.Lifecycle;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The runnable jar's command line:
 *
 * <pre>
 * java -jar lifecycle-server.jar --store file:./mlruns --port 5000 --auth tokens.json
 * java -jar lifecycle-server.jar add-token --auth tokens.json --actor alice --role writer
 * </pre>
 *
 * <p>The first serves until the process is stopped (SIGTERM/Ctrl-C close the server gracefully and
 * then the store); the second appends a token's salted hash to the file and prints the token once.
 */
@Command(name = "lifecycle-server", mixinStandardHelpOptions = true, subcommands = ServerCommand.AddToken.class,
        description = "Serves a lifecycle store over MLflow's REST API 2.0 and the lifecycle API.")
public final class ServerCommand implements Callable<Integer> {
    @Option(names = "--store", description = "store URI (required to serve), e.g. file:./mlruns or jdbc:postgresql://…")
    String store;

    @Option(names = "--port", defaultValue = "5000", description = "TCP port (0: any free port); default ${DEFAULT-VALUE}")
    int port;

    @Option(names = "--host", defaultValue = "127.0.0.1",
            description = "address to bind; default ${DEFAULT-VALUE} (loopback only); 0.0.0.0 serves a network")
    String host;

    @Option(names = "--auth", description = "token file (see add-token; required to serve)")
    Path auth;

    @Option(names = "--read-only-anonymous", description = "let requests without a token read (never write)")
    boolean readOnlyAnonymous;

    @Option(names = "--keystore", description = "PKCS12/JKS key store: serve HTTPS with its key")
    Path keyStore;

    @Option(names = "--keystore-password-env", defaultValue = "LIFECYCLE_KEYSTORE_PASSWORD",
            description = "environment variable holding the key store password; default ${DEFAULT-VALUE}")
    String keyStorePasswordEnv;

    @Option(names = "--threads", description = "worker threads; default 4 per processor")
    Integer threads;

    @Option(names = "--max-body-mb", defaultValue = "64", description = "largest request body in MiB; default ${DEFAULT-VALUE}")
    long maxBodyMb;

    private final CountDownLatch stop = new CountDownLatch(1);
    private final CountDownLatch closed = new CountDownLatch(1);
    private volatile LifecycleServer running;

    /** Entry point of the runnable jar. */
    public static void main(String[] args) {
        System.exit(new CommandLine(new ServerCommand()).execute(args));
    }

    @Override
    public Integer call() throws InterruptedException {
        if (store == null || auth == null) {
            throw new CommandLine.ParameterException(new CommandLine(this), "serving needs --store <uri> and --auth"
                    + " <token file>, but " + (store == null ? "--store" : "--auth") + " is missing");
        }
        // on SIGTERM/Ctrl-C the hook asks the serving thread to stop and waits until the server and the
        // store are closed: the JVM halts once its hooks return
        Thread hook = new Thread(() -> {
            stop.countDown();
            try {
                closed.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "lifecycle-server-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try (Lifecycle lifecycle = Lifecycle.open(store)) {
            LifecycleServer.Builder b = LifecycleServer.builder(lifecycle).port(port)
                    .bindAddress(address(host)).auth(TokenFile.load(auth)).readOnlyAnonymous(readOnlyAnonymous)
                    .maxBodyBytes(maxBodyMb * 1024 * 1024).shutdownGrace(Duration.ofSeconds(10));
            if (threads != null) {
                b.threads(threads);
            }
            if (keyStore != null) {
                String password = System.getenv(keyStorePasswordEnv);
                if (password == null) {
                    throw new CommandLine.ParameterException(new CommandLine(this), "--keystore needs its password in"
                            + " the environment variable " + keyStorePasswordEnv);
                }
                b.tls(keyStore, password.toCharArray());
            }
            try (LifecycleServer server = b.start()) {
                running = server;
                stop.await();
            } finally {
                running = null;
            }
        } finally {
            closed.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running: it returns now that everything is closed
            }
        }
        return 0;
    }

    /** Stops a server started by {@link #call()} (tests; the jar stops on a signal). */
    void stop() {
        stop.countDown();
    }

    /** @return the server {@link #call()} runs, or null before it started and after it stopped */
    LifecycleServer server() {
        return running;
    }

    private static InetAddress address(String host) {
        try {
            return InetAddress.getByName(host);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException("--host must be an address of this machine, but was '" + host + "'", e);
        }
    }

    /** {@code add-token}: creates a token, stores its salted hash and prints the token once. */
    @Command(name = "add-token", mixinStandardHelpOptions = true,
            description = "Adds a bearer token to a token file and prints it (it is shown only this once).")
    static final class AddToken implements Callable<Integer> {
        @Option(names = "--auth", required = true, description = "token file (created if absent)")
        Path auth;

        @Option(names = "--actor", required = true, description = "actor name recorded on the token's writes")
        String actor;

        @Option(names = "--role", required = true, description = "reader, writer, approver or admin")
        String role;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            String token = TokenFile.addToken(auth, actor, Role.parse(role));
            PrintWriter out = spec.commandLine().getOut();
            out.println(token);
            out.flush();
            return 0;
        }
    }
}
