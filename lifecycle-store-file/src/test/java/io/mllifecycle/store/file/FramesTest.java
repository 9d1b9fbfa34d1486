package io.mllifecycle.store.file;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class FramesTest {
    private static byte[] log(String... payloads) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String p : payloads) {
            out.writeBytes(Frames.encode(p.getBytes(StandardCharsets.UTF_8)));
        }
        return out.toByteArray();
    }

    @Test
    void scan_intactLog_returnsEveryRecord() {
        byte[] data = log("{\"a\":1}", "{\"b\":2}", "[]");
        Frames.Scan scan = Frames.scan(data, 100);
        assertThat(scan.clean()).isTrue();
        assertThat(scan.frames()).extracting(f -> new String(f.payload(), StandardCharsets.UTF_8))
                .containsExactly("{\"a\":1}", "{\"b\":2}", "[]");
        assertThat(scan.frames().get(1).offset()).isEqualTo(100 + Frames.HEADER + 7 + 1);
        assertThat(scan.validEnd()).isEqualTo(100 + data.length);
    }

    @Test
    void encode_isOneReadableLine() {
        String line = new String(Frames.encode("{\"x\":true}".getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
        assertThat(line).matches("0000000a [0-9a-f]{8} \\{\"x\":true}\n");
    }

    @Test
    void scan_cutInTheLastRecord_isTornTail() {
        byte[] whole = log("{\"a\":1}", "{\"b\":22222}");
        for (int cut = whole.length - 1; cut > log("{\"a\":1}").length; cut--) {
            Frames.Scan scan = Frames.scan(Arrays.copyOf(whole, cut), 0);
            assertThat(scan.frames()).as("cut at %d", cut).hasSize(1);
            assertThat(scan.tornAt()).isEqualTo(log("{\"a\":1}").length);
            assertThat(scan.damageAt()).isEqualTo(-1);
        }
    }

    @Test
    void scan_zeroFilledTail_isTornTail() {
        byte[] data = Arrays.copyOf(log("{\"a\":1}"), log("{\"a\":1}").length + 4096);
        Frames.Scan scan = Frames.scan(data, 0);
        assertThat(scan.frames()).hasSize(1);
        assertThat(scan.tornAt()).isEqualTo(log("{\"a\":1}").length);
    }

    @Test
    void scan_flippedByteInTheMiddle_isDamageNotTail() {
        byte[] data = log("{\"a\":1}", "{\"b\":2}", "{\"c\":3}");
        int second = log("{\"a\":1}").length;
        for (int i = second; i < second + log("{\"b\":2}").length; i++) {
            byte[] damaged = data.clone();
            damaged[i] ^= 0x01;
            Frames.Scan scan = Frames.scan(damaged, 0);
            assertThat(scan.damageAt()).as("flip at %d", i).isEqualTo(second);
            assertThat(scan.tornAt()).isEqualTo(-1);
            assertThat(scan.frames()).hasSize(1);
        }
    }

    @Test
    void scan_flippedByteInTheLastRecord_isTreatedAsTornTail() {
        byte[] data = log("{\"a\":1}", "{\"b\":2}");
        data[data.length - 3] ^= 0x20;
        Frames.Scan scan = Frames.scan(data, 0);
        assertThat(scan.tornAt()).isEqualTo(log("{\"a\":1}").length);
        assertThat(scan.damage()).contains("CRC32C");
    }
}
