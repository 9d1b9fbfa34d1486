package io.mllifecycle.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("the code version is found without running git")
class CodeVersionTest {
    private static final String A = "1111111111111111111111111111111111111111";
    private static final String B = "2222222222222222222222222222222222222222";

    @TempDir
    Path dir;

    @Test
    @DisplayName("a CI variable wins, GIT_COMMIT first")
    void environment() {
        assertThat(CodeVersion.detect(Map.of("GITHUB_SHA", B, "GIT_COMMIT", A), dir)).isEqualTo(A);
        assertThat(CodeVersion.detect(Map.of("CI_COMMIT_SHA", " " + B + "\n"), dir)).isEqualTo(B);
    }

    @Test
    @DisplayName("HEAD on a branch resolves through the loose ref, from a subdirectory of the checkout")
    void looseRef() throws IOException {
        Path git = Files.createDirectories(dir.resolve(".git/refs/heads"));
        Files.writeString(dir.resolve(".git/HEAD"), "ref: refs/heads/main\n");
        Files.writeString(git.resolve("main"), A + "\n");
        Path sub = Files.createDirectories(dir.resolve("module/src"));
        assertThat(CodeVersion.detect(Map.of("GIT_COMMIT", " "), sub)).isEqualTo(A);
    }

    @Test
    @DisplayName("a packed ref, a detached HEAD, and a linked worktree with a commondir resolve too")
    void packedDetachedWorktree() throws IOException {
        Files.createDirectories(dir.resolve("repo/.git"));
        Files.writeString(dir.resolve("repo/.git/HEAD"), "ref: refs/heads/dev\n");
        Files.writeString(dir.resolve("repo/.git/packed-refs"), "# pack-refs with: peeled\n" + B + " refs/heads/dev\n");
        assertThat(CodeVersion.detect(Map.of(), dir.resolve("repo"))).isEqualTo(B);

        Files.createDirectories(dir.resolve("detached/.git"));
        Files.writeString(dir.resolve("detached/.git/HEAD"), A + "\n");
        assertThat(CodeVersion.detect(Map.of(), dir.resolve("detached"))).isEqualTo(A);

        Path wtGit = Files.createDirectories(dir.resolve("repo/.git/worktrees/feature"));
        Files.writeString(wtGit.resolve("HEAD"), "ref: refs/heads/dev\n");
        Files.writeString(wtGit.resolve("commondir"), "../..\n");
        Files.createDirectories(dir.resolve("feature"));
        Files.writeString(dir.resolve("feature/.git"), "gitdir: " + wtGit + "\n");
        assertThat(CodeVersion.detect(Map.of(), dir.resolve("feature"))).isEqualTo(B);
    }

    @Test
    @DisplayName("an unborn branch or a damaged HEAD give an empty version")
    void unknown() throws IOException {
        Files.createDirectories(dir.resolve("unborn/.git"));
        Files.writeString(dir.resolve("unborn/.git/HEAD"), "ref: refs/heads/main\n");
        assertThat(CodeVersion.detect(Map.of(), dir.resolve("unborn"))).isEmpty();
        Files.createDirectories(dir.resolve("bad/.git"));
        Files.writeString(dir.resolve("bad/.git/HEAD"), "garbage\n");
        assertThat(CodeVersion.detect(Map.of(), dir.resolve("bad"))).isEmpty();
    }
}
