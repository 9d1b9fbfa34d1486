package io.mllifecycle.store.file;

import java.nio.file.Path;

/**
 * A child JVM that opens a store (read-only when asked) and prints how many runs its first experiment has,
 * for tests that open a large store in a small heap.
 */
public final class OpenStoreMain {
    private OpenStoreMain() {}

    public static void main(String[] args) {
        FileStore.Builder builder = FileStore.builder(Path.of(args[0]));
        if (args.length > 1 && args[1].equals("ro")) {
            builder.readOnly();
        }
        if (args.length > 1 && args[1].equals("tear")) {
            builder.fileIo(new TearingFileIo());
        }
        try (FileStore store = builder.open()) {
            String exp = store.tracking().listExperiments().get(0).id();
            var runs = store.tracking().searchRuns(io.mllifecycle.store.RunQuery.builder(exp).build()).runs();
            System.out.println("RUNS " + runs.size() + " TAG " + runs.get(0).tags().get("i"));
        }
    }
}
