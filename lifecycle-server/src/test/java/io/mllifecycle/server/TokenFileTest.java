package io.mllifecycle.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringWriter;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class TokenFileTest {
    @TempDir
    Path dir;

    @Test
    void addToken_storesOnlyASaltedHash() throws Exception {
        Path file = dir.resolve("tokens.json");
        String alice = TokenFile.addToken(file, "alice", Role.WRITER);
        String bob = TokenFile.addToken(file, "bob", Role.ADMIN);
        String text = Files.readString(file);
        assertThat(text).doesNotContain(alice.substring(18)).doesNotContain(bob.substring(18)).contains("alice");
        TokenFile tokens = TokenFile.load(file);
        assertThat(tokens.size()).isEqualTo(2);
        assertThat(tokens.authenticate(alice)).contains(new Principal("alice", Role.WRITER, false));
        assertThat(tokens.authenticate(bob)).contains(new Principal("bob", Role.ADMIN, false));
    }

    @Test
    void authenticate_wrongSecretOrUnknownId() {
        Path file = dir.resolve("tokens.json");
        String alice = TokenFile.addToken(file, "alice", Role.READER);
        TokenFile tokens = TokenFile.load(file);
        char last = alice.charAt(alice.length() - 1);
        assertThat(tokens.authenticate(alice.substring(0, alice.length() - 1) + (last == 'A' ? 'B' : 'A'))).isEmpty();
        assertThat(tokens.authenticate("mllc_AAAAAAAAAAAA_" + alice.substring(18))).isEmpty();
        assertThat(tokens.authenticate("")).isEmpty();
        assertThat(tokens.authenticate("garbage")).isEmpty();
    }

    @Test
    void addToken_badActor() {
        assertThatThrownBy(() -> TokenFile.addToken(dir.resolve("t.json"), "a b", Role.READER))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("actor").hasMessageContaining("'a b'");
    }

    @Test
    void load_malformedFile() throws Exception {
        Path file = dir.resolve("bad.json");
        Files.writeString(file, "{\"tokens\":[{\"id\":\"x\"}]}");
        assertThatThrownBy(() -> TokenFile.load(file)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("entry 0").hasMessageContaining("actor");
    }

    @Test
    void role_parse() {
        assertThat(Role.parse("Approver")).isEqualTo(Role.APPROVER);
        assertThat(Role.ADMIN.includes(Role.WRITER)).isTrue();
        assertThat(Role.READER.includes(Role.WRITER)).isFalse();
        assertThatThrownBy(() -> Role.parse("root")).hasMessageContaining("'root'");
    }

    @Test
    void addTokenCommand_printsTheTokenOnce() {
        Path file = dir.resolve("tokens.json");
        StringWriter out = new StringWriter();
        CommandLine cli = new CommandLine(new ServerCommand());
        cli.setOut(new PrintWriter(out));
        int code = cli.execute("add-token", "--auth", file.toString(), "--actor", "ci", "--role", "approver");
        assertThat(code).isZero();
        String token = out.toString().trim();
        assertThat(TokenFile.load(file).authenticate(token)).contains(new Principal("ci", Role.APPROVER, false));
    }
}
