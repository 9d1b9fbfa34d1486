package io.mllifecycle.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Finds the version of the code that runs without running git: a commit from the environment CI
 * systems set, else the commit that {@code .git/HEAD} of the working tree (or an enclosing directory)
 * resolves to, following one symbolic ref through loose refs and {@code packed-refs}, and linked
 * worktrees ({@code .git} as a file naming the git directory, with its {@code commondir}).
 */
public final class CodeVersion {
    /** Environment variables holding a commit, in the order they are consulted. */
    public static final List<String> VARIABLES = List.of("GIT_COMMIT", "GITHUB_SHA", "CI_COMMIT_SHA",
            "BUILDKITE_COMMIT", "CIRCLE_SHA1", "TRAVIS_COMMIT", "BITBUCKET_COMMIT", "BUILD_VCS_NUMBER",
            "BUILD_SOURCEVERSION");
    private static final Pattern HASH = Pattern.compile("[0-9a-f]{40}([0-9a-f]{24})?");

    private CodeVersion() {}

    /** @return the commit of this process's environment and working directory, or empty */
    public static String detect() {
        return detect(System.getenv(), Path.of(System.getProperty("user.dir", ".")));
    }

    /** @return the first non-blank of {@link #VARIABLES} in {@code env}, else the commit of the git checkout around {@code dir}, else empty */
    public static String detect(Map<String, String> env, Path dir) {
        for (String name : VARIABLES) {
            String v = env.get(name);
            if (v != null && !v.isBlank()) {
                return v.strip();
            }
        }
        for (Path d = dir.toAbsolutePath(); d != null; d = d.getParent()) {
            Path git = d.resolve(".git");
            if (Files.exists(git)) {
                return fromGit(git).orElse("");
            }
        }
        return "";
    }

    private static Optional<String> fromGit(Path git) {
        try {
            Path gitDir = git;
            if (Files.isRegularFile(git)) {
                String line = Files.readString(git, StandardCharsets.UTF_8).strip();
                if (!line.startsWith("gitdir:")) {
                    return Optional.empty();
                }
                gitDir = git.getParent().resolve(line.substring("gitdir:".length()).strip());
            }
            Path common = gitDir;
            Path commonFile = gitDir.resolve("commondir");
            if (Files.isRegularFile(commonFile)) {
                common = gitDir.resolve(Files.readString(commonFile, StandardCharsets.UTF_8).strip()).normalize();
            }
            String head = Files.readString(gitDir.resolve("HEAD"), StandardCharsets.UTF_8).strip();
            if (!head.startsWith("ref:")) {
                return HASH.matcher(head).matches() ? Optional.of(head) : Optional.empty();
            }
            String ref = head.substring("ref:".length()).strip();
            for (Path base : List.of(gitDir, common)) {
                Path loose = base.resolve(ref);
                if (Files.isRegularFile(loose)) {
                    String hash = Files.readString(loose, StandardCharsets.UTF_8).strip();
                    return HASH.matcher(hash).matches() ? Optional.of(hash) : Optional.empty();
                }
            }
            Path packed = common.resolve("packed-refs");
            if (Files.isRegularFile(packed)) {
                for (String line : Files.readAllLines(packed, StandardCharsets.UTF_8)) {
                    String[] parts = line.strip().split(" ", 2);
                    if (parts.length == 2 && parts[1].equals(ref) && HASH.matcher(parts[0]).matches()) {
                        return Optional.of(parts[0]);
                    }
                }
            }
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            // an unreadable or odd checkout only means the version is unknown
            return Optional.empty();
        }
    }

    /** @return the class the JVM was started with ({@code sun.java.command}'s first word), or empty */
    public static String entryClass() {
        String command = System.getProperty("sun.java.command", "").strip();
        int space = command.indexOf(' ');
        return space < 0 ? command : command.substring(0, space);
    }
}
