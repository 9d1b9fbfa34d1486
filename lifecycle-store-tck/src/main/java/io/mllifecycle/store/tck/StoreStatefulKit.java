package io.mllifecycle.store.tck;

import io.mllifecycle.store.AuditEntry;
import io.mllifecycle.store.Comparison;
import io.mllifecycle.store.OrderBy;
import io.mllifecycle.store.RunAttribute;
import io.mllifecycle.store.RunField;
import io.mllifecycle.store.RunFilter;
import io.mllifecycle.store.DatasetRole;
import io.mllifecycle.store.LifecycleStore;
import io.mllifecycle.store.MetricPoint;
import io.mllifecycle.store.NewModelVersion;
import io.mllifecycle.store.NewRun;
import io.mllifecycle.store.RunInput;
import io.mllifecycle.store.RunPage;
import io.mllifecycle.store.ViewType;
import io.mllifecycle.store.RunQuery;
import io.mllifecycle.store.RunRecord;
import io.mllifecycle.store.RunSource;
import io.mllifecycle.store.RunStatus;
import io.mllifecycle.store.Stage;
import io.mllifecycle.store.StageChange;
import io.mllifecycle.store.memory.InMemoryStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterTry;
import net.jqwik.api.state.Action;
import net.jqwik.api.state.ActionChain;
import net.jqwik.api.state.Transformer;

/**
 * A stateful property test: random sequences of writes (experiments, runs, params including conflicting
 * ones, metrics, tags, inputs, artifact paths, ended runs, models, versions, stage transitions with right
 * and wrong expected stages, alias moves, audit appends) and reads (run searches with random filters in the
 * search language, random orders and experiments, all pages and their counts) go to the store under
 * test and to the in-memory reference store alike. After every action both must show the same state —
 * records compared with store-assigned ids mapped between the two — and every call must succeed on both
 * or fail on both with the same exception type.
 *
 * <p>An adapter extends this class and implements {@link #newStore()}. The default of
 * {@value #DEFAULT_TRIES} tries keeps a run short; for a longer search, override
 * {@link #sameObservableStateAsInMemoryStore(ActionChain)} with a larger {@code @Property(tries = …)}
 * and call {@code super}.
 */
public abstract class StoreStatefulKit {
    /** Tries of the default property. */
    public static final int DEFAULT_TRIES = 40;
    /** Most actions in one try. */
    public static final int MAX_ACTIONS = 40;

    private final List<DualStores> opened = new ArrayList<>();

    /**
     * Opens a new, empty store under test; called once per try (and per shrinking step). The kit
     * closes it after the try.
     *
     * @return a store with nothing in it
     */
    protected abstract LifecycleStore newStore();

    /**
     * Runs one random action sequence on both stores and checks them against each other after every action.
     *
     * @param chain the generated action sequence
     */
    @Property(tries = DEFAULT_TRIES)
    public void sameObservableStateAsInMemoryStore(@ForAll("storeActions") ActionChain<DualStores> chain) {
        chain.withInvariant("same observable state as the in-memory store", DualStores::assertSameState).run();
    }

    @AfterTry
    final void closeStoresOfTry() {
        for (DualStores s : opened) {
            s.close();
        }
        opened.clear();
    }

    /** @return action sequences over both stores, at most {@link #MAX_ACTIONS} long */
    @Provide
    protected final Arbitrary<ActionChain<DualStores>> storeActions() {
        return ActionChain.<DualStores>startWith(() -> {
                    DualStores s = new DualStores(newStore(), new InMemoryStore());
                    opened.add(s);
                    return s;
                })
                .withAction(2, createExperiment())
                .withAction(4, createRun())
                .withAction(4, logParam())
                .withAction(4, logMetrics())
                .withAction(2, setOrDeleteTag())
                .withAction(2, endRun())
                .withAction(1, inputsAndArtifacts())
                .withAction(2, searchRuns())
                .withAction(2, createModel())
                .withAction(3, createVersion())
                .withAction(3, transition())
                .withAction(3, moveAlias())
                .withAction(2, appendAudit())
                .withAction(2, runLifecycle())
                .withAction(1, experimentLifecycle())
                .withAction(1, killStaleRuns())
                .withMaxTransformations(MAX_ACTIONS);
    }

    private static Arbitrary<Integer> picks() {
        return Arbitraries.integers().between(0, 1000);
    }

    private static Action.Independent<DualStores> action(Arbitrary<Transformer<DualStores>> transformers) {
        return () -> transformers;
    }

    private static Action.Independent<DualStores> createExperiment() {
        return action(Arbitraries.of("churn", "fraud", "ltv").map(name -> Transformer.mutate(
                "createExperiment " + name, s -> {
                    Instant at = s.tick();
                    s.both("createExperiment " + name,
                            side -> side.store().tracking().createExperiment(name, "", Map.of(), at));
                })));
    }

    private static Action.Independent<DualStores> createRun() {
        return action(Combinators.combine(picks(), picks(), Arbitraries.of(true, false)).as((e, p, nested) ->
                Transformer.mutate("createRun exp#" + e + (nested ? " child of run#" + p : ""), s -> {
                    String exp = DualStores.pick(s.experimentIds, e);
                    String parent = nested ? DualStores.pick(s.runIds, p) : null;
                    Instant start = s.tick();
                    s.both("createRun", side -> side.store().tracking().createRun(new NewRun(side.id().apply(exp),
                            parent == null ? null : side.id().apply(parent), "run", Map.of("t", "1"), start,
                            RunSource.unknown())));
                })));
    }

    private static Action.Independent<DualStores> logParam() {
        return action(Combinators.combine(picks(), Arbitraries.of("depth", "lr"), Arbitraries.of("1", "2"),
                Arbitraries.of("seed", "")).as((r, key, value, extraKey) -> Transformer.mutate(
                "logParams run#" + r + " " + key + "=" + value + (extraKey.isEmpty() ? "" : " +" + extraKey),
                s -> {
                    String run = DualStores.pick(s.runIds, r);
                    Map<String, String> batch = extraKey.isEmpty() ? Map.of(key, value) : Map.of(key, value, extraKey, "7");
                    s.both("logParams", side -> {
                        side.store().tracking().logParams(side.id().apply(run), batch);
                        return null;
                    });
                })));
    }

    private static Action.Independent<DualStores> logMetrics() {
        Arbitrary<MetricPoint> points = Combinators.combine(Arbitraries.of("loss", "auc"),
                Arbitraries.of(0.1, 0.5, 0.9), Arbitraries.longs().between(0, 4))
                .as((k, v, step) -> new MetricPoint(k, v, step, Fixtures.at(step)));
        return action(Combinators.combine(picks(), points.list().ofMinSize(1).ofMaxSize(4)).as((r, batch) ->
                Transformer.mutate("logMetrics run#" + r + " " + batch, s -> {
                    String run = DualStores.pick(s.runIds, r);
                    s.both("logMetrics", side -> {
                        side.store().tracking().logMetrics(side.id().apply(run), batch);
                        return null;
                    });
                    s.both("latestMetrics", side -> side.store().tracking().latestMetrics(side.id().apply(run)));
                })));
    }

    private static Action.Independent<DualStores> setOrDeleteTag() {
        return action(Combinators.combine(picks(), Arbitraries.of("team", "t"), Arbitraries.of(true, false))
                .as((r, key, delete) -> Transformer.mutate((delete ? "deleteTag run#" : "setTags run#") + r + " " + key,
                        s -> {
                            String run = DualStores.pick(s.runIds, r);
                            s.both(delete ? "deleteTag" : "setTags", side -> {
                                if (delete) {
                                    return side.store().tracking().deleteTag(side.id().apply(run), key);
                                }
                                side.store().tracking().setTags(side.id().apply(run), Map.of(key, "v"));
                                return null;
                            });
                        })));
    }

    private static Action.Independent<DualStores> endRun() {
        return action(Combinators.combine(picks(), Arbitraries.of(RunStatus.FINISHED, RunStatus.FAILED,
                RunStatus.KILLED)).as((r, status) -> Transformer.mutate("endRun run#" + r + " " + status, s -> {
                    String run = DualStores.pick(s.runIds, r);
                    Instant end = s.tick();
                    s.both("endRun", side -> side.store().tracking().endRun(side.id().apply(run), status, end,
                            status == RunStatus.FAILED ? "java.lang.IllegalStateException: boom" : null));
                })));
    }

    private static Action.Independent<DualStores> inputsAndArtifacts() {
        return action(Combinators.combine(picks(), Arbitraries.of("train", "test"), Arbitraries.of(true, false),
                Arbitraries.of("m1", "m2")).as((r, content, stored, blob) -> Transformer.mutate(
                "inputs/artifact run#" + r + " " + content + (stored ? " stored" : " not stored") + " " + blob, s -> {
                    String run = DualStores.pick(s.runIds, r);
                    if (stored) {
                        s.both("putDataset", side -> {
                            side.store().tracking().putDataset(Fixtures.dataset("churn-data", content));
                            return null;
                        });
                    }
                    RunInput input = new RunInput("churn-data", Fixtures.digestOf(content), DatasetRole.TRAINING);
                    s.both("logInputs", side -> {
                        side.store().tracking().logInputs(side.id().apply(run), List.of(input));
                        return null;
                    });
                    s.both("recordArtifact", side -> {
                        side.store().tracking().recordArtifact(side.id().apply(run), "model.bin",
                                Fixtures.digestOf(blob));
                        return null;
                    });
                })));
    }

    private static Action.Independent<DualStores> searchRuns() {
        Arbitrary<List<Integer>> experiments = picks().list().ofMaxSize(2);
        Arbitrary<List<Comparison>> filters = clause().list().ofMaxSize(3);
        Arbitrary<List<OrderBy>> orders = Combinators.combine(field(), Arbitraries.of(true, false)).as(OrderBy::new)
                .list().ofMaxSize(2);
        return action(Combinators.combine(experiments, filters, orders, Arbitraries.integers().between(1, 3),
                        Arbitraries.of(ViewType.values()))
                .as((exps, clauses, order, pageSize, view) -> {
                    String filter = new RunFilter(clauses).toString();
                    return Transformer.mutate("searchRuns exp#" + exps + " '" + filter + "' order " + order
                            + " pages of " + pageSize + " " + view, s -> s.both("searchRuns", side -> {
                                List<String> ids = exps.stream().map(e -> side.id().apply(
                                        DualStores.pick(s.experimentIds, e))).toList();
                                RunQuery q = RunQuery.builder().experiments(ids).filter(filter)
                                        .orderBy(order.toArray(OrderBy[]::new)).pageSize(pageSize).viewType(view)
                                        .countMatches()
                                        .build();
                                List<RunRecord> all = new ArrayList<>();
                                List<Long> counts = new ArrayList<>();
                                RunPage page = side.store().tracking().searchRuns(q);
                                all.addAll(page.runs());
                                counts.add(page.count());
                                // later pages alternate between counted and uncounted (count only on request)
                                boolean count = false;
                                while (page.hasNext()) {
                                    page = side.store().tracking().searchRuns(q.withCountMatches(count)
                                            .withPageToken(page.nextPageToken()));
                                    all.addAll(page.runs());
                                    counts.add(page.counted() ? page.count() : RunPage.NOT_COUNTED);
                                    count = !count;
                                }
                                return List.of(all, counts);
                            }));
                }));
    }

    /** Fields over the keys and values the other actions write, so that random clauses select something. */
    private static Arbitrary<RunField> field() {
        return Arbitraries.oneOf(Arbitraries.of("loss", "auc").map(RunField::metric),
                Arbitraries.of("depth", "lr", "seed").map(RunField::param), Arbitraries.of("team", "t").map(RunField::tag),
                Arbitraries.of(RunAttribute.values()).filter(a -> a != RunAttribute.RUN_ID
                        && a != RunAttribute.EXPERIMENT_ID && a != RunAttribute.PARENT_RUN_ID).map(RunField::attribute));
    }

    private static Arbitrary<Comparison> clause() {
        Arbitrary<String> texts = Arbitraries.of("1", "2", "7", "v", "V", "run", "RUNNING", "FINISHED", "%", "_",
                "R%", "%n_", "\\%", "");
        Arbitrary<Double> numbers = Arbitraries.of(0.1, 0.5, 0.9, 0.0, 1.0, (double) Fixtures.at(3).toEpochMilli());
        Arbitrary<Comparison> numeric = Combinators.combine(Arbitraries.oneOf(
                        Arbitraries.of("loss", "auc").map(RunField::metric),
                        Arbitraries.of(RunAttribute.START_TIME, RunAttribute.END_TIME).map(RunField::attribute)),
                Arbitraries.of(Comparison.NumberOp.class), numbers).as(Comparison.Numeric::new);
        Arbitrary<RunField> textFields = field().filter(f -> !f.isNumeric());
        Arbitrary<Comparison> text = Combinators.combine(textFields, Arbitraries.of(Comparison.TextOp.class), texts)
                .as(Comparison.Text::new);
        Arbitrary<Comparison> in = Combinators.combine(textFields, Arbitraries.of(true, false),
                texts.list().ofMinSize(1).ofMaxSize(2)).as(Comparison.In::new);
        Arbitrary<Comparison> presence = Combinators.combine(Arbitraries.oneOf(field(),
                Arbitraries.just(RunField.attribute(RunAttribute.PARENT_RUN_ID))), Arbitraries.of(true, false))
                .as(Comparison.Presence::new);
        return Arbitraries.oneOf(numeric, text, in, presence);
    }

    private static Action.Independent<DualStores> createModel() {
        return action(Arbitraries.of("churn-classifier", "fraud-detector").map(name -> Transformer.mutate(
                "createModel " + name, s -> {
                    Instant at = s.tick();
                    if (s.both("createModel " + name,
                            side -> side.store().registry().createModel(name, "", Map.of(), at, List.of())) != null) {
                        s.models.add(name);
                    }
                })));
    }

    private static Action.Independent<DualStores> createVersion() {
        return action(Combinators.combine(picks(), picks(), Arbitraries.of(true, false)).as((m, r, withRun) ->
                Transformer.mutate("createVersion model#" + m + (withRun ? " from run#" + r : ""), s -> {
                    String model = DualStores.pick(s.models, m);
                    String run = withRun && !s.runIds.isEmpty() ? DualStores.pick(s.runIds, r) : null;
                    Instant at = s.tick();
                    s.both("createVersion", side -> side.store().registry().createVersion(new NewModelVersion(model,
                            run == null ? null : side.id().apply(run), Fixtures.digestOf("w" + at), "", Map.of(),
                            Map.of(), null, at, "ci"), created -> List.of()));
                })));
    }

    private static Action.Independent<DualStores> transition() {
        return action(Combinators.combine(picks(), Arbitraries.integers().between(1, 4),
                Arbitraries.of(Stage.class), Arbitraries.of(Stage.class)).as((m, v, expected, to) ->
                Transformer.mutate("transitionStage model#" + m + " v" + v + " " + expected + "→" + to, s -> {
                    String model = DualStores.pick(s.models, m);
                    StageChange change = new StageChange(expected, to, s.tick(), "ci", "");
                    s.both("transitionStage", side -> side.store().registry().transitionStage(model, v, expected,
                            change, null, List.of()));
                })));
    }

    private static Action.Independent<DualStores> moveAlias() {
        Arbitrary<Integer> versions = Arbitraries.integers().between(1, 3).injectNull(0.3);
        return action(Combinators.combine(picks(), Arbitraries.of("champion", "challenger"), versions, versions)
                .as((m, alias, expected, to) -> Transformer.mutate("moveAlias model#" + m + " " + alias + " "
                        + expected + "→" + to, s -> {
                    String model = DualStores.pick(s.models, m);
                    Instant at = s.tick();
                    s.both("moveAlias", side -> side.store().registry().moveAlias(model, alias, expected, to, at, "ci", List.of()));
                })));
    }

    private static Action.Independent<DualStores> appendAudit() {
        return action(Arbitraries.of("model.create", "run.end", "alias.move").map(act -> Transformer.mutate(
                "appendAudit " + act, s -> {
                    AuditEntry entry = new AuditEntry(s.tick(), "ci", act, "subject", Map.of("k", "v"));
                    s.both("appendAudit", side -> side.store().registry().appendAudit(List.of(entry)));
                })));
    }

    private static Action.Independent<DualStores> runLifecycle() {
        return action(Combinators.combine(picks(), Arbitraries.of("delete", "restore", "purge")).as((r, op) ->
                Transformer.mutate(op + "Run run#" + r, s -> {
                    String run = DualStores.pick(s.runIds, r);
                    Instant at = s.tick();
                    List<AuditEntry> audit = List.of(new AuditEntry(at, "ci", "run." + op, "run", Map.of()));
                    s.both(op + "Run", side -> {
                        String id = side.id().apply(run);
                        switch (op) {
                            case "delete" -> {
                                return side.store().tracking().deleteRun(id, at, audit);
                            }
                            case "restore" -> {
                                return side.store().tracking().restoreRun(id, audit);
                            }
                            default -> {
                                side.store().tracking().purgeRun(id, audit);
                                return null;
                            }
                        }
                    });
                })));
    }

    private static Action.Independent<DualStores> experimentLifecycle() {
        return action(Combinators.combine(picks(), Arbitraries.of("delete", "restore", "purge")).as((e, op) ->
                Transformer.mutate(op + "Experiment exp#" + e, s -> {
                    String exp = DualStores.pick(s.experimentIds, e);
                    Instant at = s.tick();
                    List<AuditEntry> audit = List.of(new AuditEntry(at, "ci", "experiment." + op, "exp", Map.of()));
                    s.both(op + "Experiment", side -> {
                        String id = side.id().apply(exp);
                        switch (op) {
                            case "delete" -> {
                                return side.store().tracking().deleteExperiment(id, at, audit);
                            }
                            case "restore" -> {
                                return side.store().tracking().restoreExperiment(id, audit);
                            }
                            default -> {
                                side.store().tracking().purgeExperiment(id, audit);
                                return null;
                            }
                        }
                    });
                })));
    }

    /** Heartbeats differ between stores, so only "every RUNNING run" (a far future bound) or none are compared. */
    private static Action.Independent<DualStores> killStaleRuns() {
        return action(Arbitraries.of(true, false).map(all -> Transformer.mutate("killStaleRuns " + (all ? "all" : "none"),
                s -> {
                    Instant end = s.tick();
                    Instant before = all ? Instant.parse("2999-01-01T00:00:00Z") : Instant.EPOCH;
                    s.both("killStaleRuns", side -> side.store().tracking().killStaleRuns(before, end, "stale",
                            runs -> List.of(new AuditEntry(end, "ci", "run.reap", "runs",
                                    Map.of("count", Integer.toString(runs.size()))))));
                })));
    }
}
