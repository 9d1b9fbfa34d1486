package io.mllifecycle.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.mllifecycle.Lifecycle;
import io.mllifecycle.audit.AuditCheckpoint;
import io.mllifecycle.audit.AuditVerification;
import io.mllifecycle.gate.Gate;
import io.mllifecycle.gate.GateFailedException;
import io.mllifecycle.gate.Gates;
import io.mllifecycle.registry.ModelVersion;
import io.mllifecycle.registry.RegisteredModel;
import io.mllifecycle.report.Report;
import io.mllifecycle.report.ReportOptions;
import io.mllifecycle.report.Reports;
import io.mllifecycle.retirement.GarbageCollection;
import io.mllifecycle.retirement.PolicyValidationException;
import io.mllifecycle.retirement.RetirementPlan;
import io.mllifecycle.retirement.RetirementPolicies;
import io.mllifecycle.store.ArtifactInfo;
import io.mllifecycle.store.GateReport;
import io.mllifecycle.store.GateResult;
import io.mllifecycle.store.LifecycleException;
import io.mllifecycle.store.ModelVersionRecord;
import io.mllifecycle.store.RunQuery;
import io.mllifecycle.store.RunRecord;
import io.mllifecycle.store.Stage;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code mllc}: the lifecycle from a shell or a CI job. Exit codes: 0 success, 1 refusal or failure (a gate
 * refused a promotion, the audit chain does not verify, the store cannot be opened), 2 usage.
 */
@Command(name = "mllc", mixinStandardHelpOptions = true, version = "mllc 0.1.0",
        description = "Runs, models, promotion with gates, aliases, audit, retirement, gc and reports over a lifecycle store.",
        subcommands = {Mllc.Runs.class, Mllc.Models.class, Mllc.Promote.class, Mllc.Alias.class, Mllc.Audit.class,
                Mllc.Retire.class, Mllc.Gc.class, Mllc.ReportCommand.class, AutoComplete.GenerateCompletion.class})
public final class Mllc implements Callable<Integer> {
    /** Exit code of a refusal or failure. */
    public static final int REFUSED = 1;
    /** Exit code of a usage error. */
    public static final int USAGE = 2;

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Spec
    CommandSpec spec;

    @Option(names = "--store", defaultValue = "${env:MLLC_STORE:-file:./mlruns}",
            description = "store URI (default: $MLLC_STORE or ${DEFAULT-VALUE})", scope = CommandLine.ScopeType.INHERIT)
    String store;

    @Option(names = "--json", description = "print JSON instead of a table", scope = CommandLine.ScopeType.INHERIT)
    boolean json;

    private Lifecycle lifecycle;

    /**
     * Runs one command in-process.
     *
     * @param out  standard output, not null
     * @param err  standard error, not null
     * @param args the arguments, not null
     * @return the exit code: 0, {@link #REFUSED} or {@link #USAGE}
     */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        Objects.requireNonNull(out, "out");
        Objects.requireNonNull(err, "err");
        Objects.requireNonNull(args, "args");
        Mllc root = new Mllc();
        CommandLine cl = new CommandLine(root);
        cl.setOut(out).setErr(err);
        cl.setExecutionExceptionHandler((e, line, parse) -> {
            if (e instanceof IllegalArgumentException || e instanceof PolicyValidationException) {
                line.getErr().println("mllc: " + e.getMessage());
                line.getErr().flush();
                return USAGE;
            }
            line.getErr().println("mllc: " + e.getMessage());
            line.getErr().flush();
            return REFUSED;
        });
        try {
            return cl.execute(args);
        } finally {
            root.close();
            out.flush();
            err.flush();
        }
    }

    /** The jar's entry point: exits with {@link #run}'s code. */
    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
        PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
        System.exit(run(out, err, args));
    }

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return USAGE;
    }

    Lifecycle lifecycle() {
        if (lifecycle == null) {
            try {
                lifecycle = Lifecycle.open(store);
            } catch (RuntimeException e) {
                throw new LifecycleException("cannot open store '" + store + "': " + e.getMessage(), e);
            }
        }
        return lifecycle;
    }

    private void close() {
        if (lifecycle != null) {
            lifecycle.close();
        }
    }

    static Mllc root(CommandSpec spec) {
        return (Mllc) spec.root().userObject();
    }

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    void emit(List<String> headers, List<List<String>> rows) {
        if (json) {
            List<Map<String, String>> objects = new ArrayList<>();
            for (List<String> row : rows) {
                Map<String, String> o = new LinkedHashMap<>();
                for (int i = 0; i < headers.size(); i++) {
                    o.put(headers.get(i), row.get(i));
                }
                objects.add(o);
            }
            printJson(objects);
        } else {
            Table.print(out(), headers, rows);
        }
    }

    void printJson(Object value) {
        try {
            out().println(JSON.writeValueAsString(value));
            out().flush();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON: " + e.getMessage(), e);
        }
    }

    static ModelVersion version(Lifecycle lc, String ref, CommandSpec spec) {
        Matcher m = Pattern.compile("(.+)/(\\d+)").matcher(ref);
        if (!m.matches()) {
            throw new ParameterException(spec.commandLine(), "model version '" + ref + "' must be MODEL/VERSION, e.g. churn/3");
        }
        return lc.models().version(m.group(1), Integer.parseInt(m.group(2)));
    }

    static String fmt(double d) {
        return Double.toString(d);
    }

    /** {@code runs ls|show|compare}. */
    @Command(name = "runs", mixinStandardHelpOptions = true, description = "List, show and compare runs.",
            subcommands = {Runs.Ls.class, Runs.Show.class, Runs.Compare.class})
    static final class Runs extends CommandGroup {

        @Command(name = "ls", mixinStandardHelpOptions = true, description = "List the runs of an experiment.")
        static final class Ls implements Callable<Integer> {
            @Spec
            CommandSpec spec;
            @Option(names = {"-e", "--experiment"}, required = true, description = "experiment name")
            String experiment;
            @Option(names = "--filter", description = "MLflow filter, e.g. \"params.depth = '6' and metrics.auc >= 0.8\"")
            String filter;
            @Option(names = "--sort", description = "MLflow order, e.g. 'metrics.auc DESC'")
            String sort;
            @Option(names = "--limit", defaultValue = "100", description = "at most this many runs (default ${DEFAULT-VALUE})")
            int limit;

            @Override
            public Integer call() {
                Mllc root = root(spec);
                Lifecycle lc = root.lifecycle();
                if (limit < 1 || limit > RunQuery.MAX_PAGE_SIZE) {
                    throw new ParameterException(spec.commandLine(), "--limit must be between 1 and "
                            + RunQuery.MAX_PAGE_SIZE + ", but was " + limit);
                }
                List<RunRecord> runs = lc.searchRuns(RunQuery.builder().experiments(lc.experimentIds(experiment))
                        .filter(filter == null ? "" : filter).order(sort == null ? "" : sort).pageSize(limit).build())
                        .runs();
                TreeSet<String> metrics = new TreeSet<>();
                runs.forEach(r -> metrics.addAll(r.latestMetrics().keySet()));
                List<String> headers = new ArrayList<>(List.of("run", "name", "status"));
                metrics.forEach(k -> headers.add("metrics." + k));
                List<List<String>> rows = new ArrayList<>();
                for (RunRecord r : runs) {
                    List<String> row = new ArrayList<>(List.of(r.id(), Objects.toString(r.name(), ""), r.status().name()));
                    for (String k : metrics) {
                        row.add(r.latestMetrics().containsKey(k) ? fmt(r.latestMetrics().get(k).value()) : "");
                    }
                    rows.add(row);
                }
                root.emit(headers, rows);
                return 0;
            }
        }

        @Command(name = "show", mixinStandardHelpOptions = true, description = "Show one run.")
        static final class Show implements Callable<Integer> {
            @Spec
            CommandSpec spec;
            @Parameters(paramLabel = "RUN_ID")
            String runId;

            @Override
            public Integer call() {
                Mllc root = root(spec);
                RunRecord r = root.lifecycle().run(runId);
                List<List<String>> rows = new ArrayList<>();
                rows.add(List.of("id", r.id()));
                rows.add(List.of("name", Objects.toString(r.name(), "")));
                rows.add(List.of("status", r.status().name()));
                rows.add(List.of("start", Objects.toString(r.startTime(), "")));
                rows.add(List.of("end", Objects.toString(r.endTime(), "")));
                r.params().forEach((k, v) -> rows.add(List.of("params." + k, v)));
                r.tags().forEach((k, v) -> rows.add(List.of("tags." + k, v)));
                r.latestMetrics().forEach((k, v) -> rows.add(List.of("metrics." + k, fmt(v.value()))));
                root.emit(List.of("field", "value"), rows);
                return 0;
            }
        }

        @Command(name = "compare", mixinStandardHelpOptions = true, description = "Compare runs side by side.")
        static final class Compare implements Callable<Integer> {
            @Spec
            CommandSpec spec;
            @Parameters(paramLabel = "RUN_ID", arity = "2..*")
            List<String> runIds;

            @Override
            public Integer call() {
                Mllc root = root(spec);
                List<RunRecord> runs = new ArrayList<>();
                for (String id : runIds) {
                    runs.add(root.lifecycle().run(id));
                }
                TreeSet<String> keys = new TreeSet<>();
                for (RunRecord r : runs) {
                    r.params().keySet().forEach(k -> keys.add("params." + k));
                    r.latestMetrics().keySet().forEach(k -> keys.add("metrics." + k));
                }
                List<String> headers = new ArrayList<>(List.of("field"));
                runs.forEach(r -> headers.add(r.id()));
                List<List<String>> rows = new ArrayList<>();
                for (String key : keys) {
                    List<String> row = new ArrayList<>(List.of(key));
                    for (RunRecord r : runs) {
                        if (key.startsWith("params.")) {
                            row.add(r.params().getOrDefault(key.substring(7), ""));
                        } else {
                            var p = r.latestMetrics().get(key.substring(8));
                            row.add(p == null ? "" : fmt(p.value()));
                        }
                    }
                    rows.add(row);
                }
                root.emit(headers, rows);
                return 0;
            }
        }
    }

    /** {@code models ls|show}. */
    @Command(name = "models", mixinStandardHelpOptions = true, description = "List and show registered models.",
            subcommands = {Models.Ls.class, Models.Show.class})
    static final class Models extends CommandGroup {

        @Command(name = "ls", mixinStandardHelpOptions = true, description = "List registered models.")
        static final class Ls implements Callable<Integer> {
            @Spec
            CommandSpec spec;

            @Override
            public Integer call() {
                Mllc root = root(spec);
                List<List<String>> rows = new ArrayList<>();
                for (RegisteredModel m : root.lifecycle().models().models()) {
                    rows.add(List.of(m.name(), Integer.toString(m.versions().size()),
                            m.record().aliases().toString()));
                }
                root.emit(List.of("model", "versions", "aliases"), rows);
                return 0;
            }
        }

        @Command(name = "show", mixinStandardHelpOptions = true, description = "Show a model's versions.")
        static final class Show implements Callable<Integer> {
            @Spec
            CommandSpec spec;
            @Parameters(paramLabel = "MODEL")
            String model;

            @Override
            public Integer call() {
                Mllc root = root(spec);
                RegisteredModel m = root.lifecycle().models().model(model);
                Map<String, Integer> aliases = m.record().aliases();
                List<List<String>> rows = new ArrayList<>();
                for (ModelVersion v : m.versions()) {
                    ModelVersionRecord r = v.record();
                    List<String> names = new ArrayList<>();
                    aliases.forEach((a, n) -> {
                        if (n == r.version()) {
                            names.add(a);
                        }
                    });
                    rows.add(List.of(Integer.toString(r.version()), r.stage().name(), String.join(",", names),
                            Objects.toString(r.sourceRunId(), ""), Objects.toString(r.createdAt(), "")));
                }
                root.emit(List.of("version", "stage", "aliases", "run", "created"), rows);
                return 0;
            }
        }
    }

    /** {@code promote MODEL/VER --to STAGE [--gate …]}. */
    @Command(name = "promote", mixinStandardHelpOptions = true,
            description = "Move a version to a stage; exits 1 with the gate report when a gate refuses.")
    static final class Promote implements Callable<Integer> {
        private static final Pattern GATE = Pattern.compile("\\s*metrics\\.(\\S+)\\s*(>=|<=)\\s*(\\S+)\\s*");
        @Spec
        CommandSpec spec;
        @Parameters(paramLabel = "MODEL/VERSION")
        String ref;
        @Option(names = "--to", required = true, description = "target stage: ${COMPLETION-CANDIDATES}")
        Stage to;
        @Option(names = "--gate", description = "a metric gate, e.g. 'metrics.auc >= 0.85' (repeatable)")
        List<String> gates = new ArrayList<>();

        @Override
        public Integer call() {
            Mllc root = root(spec);
            List<Gate> parsed = new ArrayList<>();
            for (String g : gates) {
                Matcher m = GATE.matcher(g);
                if (!m.matches()) {
                    throw new ParameterException(spec.commandLine(), "--gate '" + g + "' must be metrics.KEY >= N or metrics.KEY <= N");
                }
                double bound;
                try {
                    bound = Double.parseDouble(m.group(3));
                } catch (NumberFormatException e) {
                    throw new ParameterException(spec.commandLine(), "--gate '" + g + "' must compare with a number, but was '"
                            + m.group(3) + "'");
                }
                parsed.add(m.group(2).equals(">=") ? Gates.metric(m.group(1)).atLeast(bound)
                        : Gates.metric(m.group(1)).atMost(bound));
            }
            ModelVersion v = version(root.lifecycle(), ref, spec);
            try {
                ModelVersion moved = v.promote(to, parsed.toArray(new Gate[0]));
                if (root.json) {
                    root.printJson(Map.of("version", moved.reference(), "stage", moved.stage().name()));
                } else {
                    root.out().println(moved.reference() + " -> " + moved.stage());
                }
                return 0;
            } catch (GateFailedException e) {
                printReport(root, e.report());
                spec.commandLine().getErr().println("mllc: promotion of " + ref + " to " + to + " refused by its gates");
                return REFUSED;
            }
        }

        private static void printReport(Mllc root, GateReport report) {
            List<List<String>> rows = new ArrayList<>();
            for (GateResult r : report.results()) {
                rows.add(List.of(r.gate(), r.passed() ? "PASS" : "FAIL", Objects.toString(r.observed(), ""),
                        Objects.toString(r.expected(), ""), Objects.toString(r.message(), "")));
            }
            root.emit(List.of("gate", "result", "observed", "expected", "message"), rows);
        }
    }

    /** {@code alias set|move}. */
    @Command(name = "alias", mixinStandardHelpOptions = true, description = "Set or move a model alias.",
            subcommands = {Alias.Set.class, Alias.Move.class})
    static final class Alias extends CommandGroup {

        @Command(name = "set", mixinStandardHelpOptions = true, description = "Point ALIAS at MODEL/VERSION.")
        static final class Set implements Callable<Integer> {
            @Spec
            CommandSpec spec;
            @Parameters(index = "0", paramLabel = "MODEL/VERSION")
            String ref;
            @Parameters(index = "1", paramLabel = "ALIAS")
            String alias;

            @Override
            public Integer call() {
                Mllc root = root(spec);
                ModelVersion v = version(root.lifecycle(), ref, spec);
                root.lifecycle().models().model(v.model()).setAlias(alias, v.version());
                root.out().println(v.model() + "@" + alias + " -> " + v.version());
                return 0;
            }
        }

        @Command(name = "move", mixinStandardHelpOptions = true,
                description = "Move ALIAS to MODEL/VERSION only if it still points at --from (compare-and-set).")
        static final class Move implements Callable<Integer> {
            @Spec
            CommandSpec spec;
            @Parameters(index = "0", paramLabel = "MODEL/VERSION")
            String ref;
            @Parameters(index = "1", paramLabel = "ALIAS")
            String alias;
            @Option(names = "--from", required = true, description = "the version the alias must point at now")
            int from;

            @Override
            public Integer call() {
                Mllc root = root(spec);
                ModelVersion v = version(root.lifecycle(), ref, spec);
                root.lifecycle().models().model(v.model()).moveAlias(alias, from, v.version());
                root.out().println(v.model() + "@" + alias + " " + from + " -> " + v.version());
                return 0;
            }
        }
    }

    /** {@code audit verify}. */
    @Command(name = "audit", mixinStandardHelpOptions = true, description = "Audit trail.",
            subcommands = {Audit.Verify.class})
    static final class Audit extends CommandGroup {

        @Command(name = "verify", mixinStandardHelpOptions = true,
                description = "Verify the hash chain; exit 0 only when it verifies.")
        static final class Verify implements Callable<Integer> {
            @Spec
            CommandSpec spec;
            @Option(names = "--checkpoint", description = "SEQ:sha256:HEX noted earlier (repeatable)")
            List<String> checkpoints = new ArrayList<>();

            @Override
            public Integer call() {
                Mllc root = root(spec);
                List<AuditCheckpoint> cps = new ArrayList<>();
                for (String c : checkpoints) {
                    cps.add(AuditCheckpoint.parse(c));
                }
                AuditVerification v = root.lifecycle().audit().verify(cps.toArray(new AuditCheckpoint[0]));
                if (root.json) {
                    Map<String, Object> o = new LinkedHashMap<>();
                    o.put("intact", v.intact());
                    o.put("events", v.events());
                    o.put("problem", v.problem());
                    root.printJson(o);
                } else {
                    root.out().println(v.intact() ? "audit chain intact: " + v.events() + " events" : "audit chain BROKEN");
                }
                if (!v.intact()) {
                    spec.commandLine().getErr().println("mllc: audit chain does not verify: " + v.problem());
                    return REFUSED;
                }
                return 0;
            }
        }
    }

    /** {@code retire plan|apply}. */
    @Command(name = "retire", mixinStandardHelpOptions = true, description = "Plan or apply retirement by policy.",
            subcommands = {Retire.Plan.class, Retire.Apply.class})
    static final class Retire extends CommandGroup {

        static RetirementPlan plan(Mllc root, String model, Path policy) {
            return root.lifecycle().planRetirement(model, RetirementPolicies.fromFile(policy));
        }

        static void print(Mllc root, RetirementPlan plan) {
            List<List<String>> rows = new ArrayList<>();
            plan.decisions().forEach(d -> rows.add(List.of(d.reference(), d.stage().name(), d.action().name(),
                    String.join("; ", d.reasons()))));
            root.emit(List.of("version", "stage", "action", "reasons"), rows);
        }

        @Command(name = "plan", mixinStandardHelpOptions = true, description = "Show what the policy would do.")
        static final class Plan implements Callable<Integer> {
            @Spec
            CommandSpec spec;
            @Parameters(paramLabel = "MODEL")
            String model;
            @Option(names = "--policy", required = true, description = "policy JSON file")
            Path policy;

            @Override
            public Integer call() {
                Mllc root = root(spec);
                print(root, plan(root, model, policy));
                return 0;
            }
        }

        @Command(name = "apply", mixinStandardHelpOptions = true, description = "Apply the policy's plan.")
        static final class Apply implements Callable<Integer> {
            @Spec
            CommandSpec spec;
            @Parameters(paramLabel = "MODEL")
            String model;
            @Option(names = "--policy", required = true, description = "policy JSON file")
            Path policy;

            @Override
            public Integer call() {
                Mllc root = root(spec);
                List<List<String>> rows = new ArrayList<>();
                for (RetirementPlan.Outcome o : plan(root, model, policy).apply()) {
                    rows.add(List.of(o.decision().reference(), o.decision().action().name(), o.status().name(),
                            Objects.toString(o.detail(), "")));
                }
                root.emit(List.of("version", "action", "status", "detail"), rows);
                return 0;
            }
        }
    }

    /** {@code gc [--dry-run]}. */
    @Command(name = "gc", mixinStandardHelpOptions = true, description = "Delete artifacts nothing references.")
    static final class Gc implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Option(names = "--dry-run", description = "list what would be deleted, delete nothing")
        boolean dryRun;

        @Override
        public Integer call() {
            Mllc root = root(spec);
            GarbageCollection gc = root.lifecycle().gc();
            List<ArtifactInfo> artifacts = dryRun ? gc.unreferenced() : gc.apply();
            List<List<String>> rows = new ArrayList<>();
            artifacts.forEach(a -> rows.add(List.of(a.digest(), Long.toString(a.size()), Objects.toString(a.mediaType(), ""))));
            root.emit(List.of(dryRun ? "unreferenced" : "deleted", "bytes", "type"), rows);
            return 0;
        }
    }

    /** {@code report card|compare|monitoring --out FILE}. */
    @Command(name = "report", mixinStandardHelpOptions = true, description = "Write an HTML report.",
            subcommands = {ReportCommand.Card.class, ReportCommand.Compare.class, ReportCommand.Drift.class})
    static final class ReportCommand extends CommandGroup {

        static int write(Mllc root, Report report, Path out) {
            try {
                Files.write(out, report.htmlBytes());
            } catch (IOException e) {
                throw new LifecycleException("cannot write report to '" + out + "': " + e.getMessage(), e);
            }
            root.out().println("wrote " + out);
            return 0;
        }

        @Command(name = "card", mixinStandardHelpOptions = true, description = "Model card of MODEL/VERSION.")
        static final class Card implements Callable<Integer> {
            @Spec
            CommandSpec spec;
            @Parameters(paramLabel = "MODEL/VERSION")
            String ref;
            @Option(names = "--out", required = true)
            Path out;

            @Override
            public Integer call() {
                Mllc root = root(spec);
                ModelVersion v = version(root.lifecycle(), ref, spec);
                return write(root, Reports.modelCard(root.lifecycle(), v.model(), v.version(), ReportOptions.DEFAULTS), out);
            }
        }

        @Command(name = "compare", mixinStandardHelpOptions = true, description = "Run comparison.")
        static final class Compare implements Callable<Integer> {
            @Spec
            CommandSpec spec;
            @Parameters(paramLabel = "RUN_ID", arity = "1..*")
            List<String> runIds;
            @Option(names = "--out", required = true)
            Path out;

            @Override
            public Integer call() {
                Mllc root = root(spec);
                return write(root, Reports.runComparison(root.lifecycle(), runIds, ReportOptions.DEFAULTS), out);
            }
        }

        @Command(name = "drift", mixinStandardHelpOptions = true,
                description = "Monitoring timeline (drift per closed window) of MODEL/VERSION.")
        static final class Drift implements Callable<Integer> {
            @Spec
            CommandSpec spec;
            @Parameters(paramLabel = "MODEL/VERSION")
            String ref;
            @Option(names = "--out", required = true)
            Path out;

            @Override
            public Integer call() {
                Mllc root = root(spec);
                ModelVersion v = version(root.lifecycle(), ref, spec);
                return write(root, Reports.monitoringTimeline(root.lifecycle(), v.model(), v.version(),
                        ReportOptions.DEFAULTS), out);
            }
        }
    }

    /** A command that only groups subcommands: called alone, it prints its usage and exits with the usage code. */
    abstract static class CommandGroup implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            spec.commandLine().usage(spec.commandLine().getErr());
            return USAGE;
        }
    }
}
