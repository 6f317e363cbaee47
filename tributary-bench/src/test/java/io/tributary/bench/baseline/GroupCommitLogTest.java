package io.tributary.bench.baseline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class GroupCommitLogTest {

  @TempDir Path dir;

  @Test
  @Timeout(20)
  void shouldMakeEveryAcknowledgedAppendReadable() throws Exception {
    // given
    Path file = dir.resolve("log");
    List<CompletableFuture<Void>> acks = new ArrayList<>();
    GroupCommitLog log = GroupCommitLog.open(file, 10_000, 64);

    // when: 8 threads append 100 records each
    try (ExecutorService threads = Executors.newFixedThreadPool(8)) {
      for (int t = 0; t < 8; t++) {
        int thread = t;
        threads.submit(
            () -> {
              for (int i = 0; i < 100; i++) {
                Optional<CompletableFuture<Void>> ack = log.append(bytes(thread + "/" + i));
                synchronized (acks) {
                  acks.add(ack.orElseThrow());
                }
              }
            });
      }
    }
    CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);

    // then: readable before close, since every ack followed an fsync
    Set<String> onDisk = new HashSet<>();
    long records = RecordFile.forEach(file, r -> onDisk.add(new String(r, StandardCharsets.UTF_8)));
    assertThat(records).isEqualTo(800);
    assertThat(onDisk).hasSize(800).contains("0/0", "7/99");
    assertThat(log.records()).isEqualTo(800);
    assertThat(log.groups()).isBetween(1L, 800L);
    log.close();
  }

  @Test
  void shouldRefuseAppendsOnceClosed() throws Exception {
    GroupCommitLog log = GroupCommitLog.open(dir.resolve("log"), 16, 16);
    log.append(bytes("before")).orElseThrow().get(5, TimeUnit.SECONDS);

    log.close();

    assertThat(log.append(bytes("after"))).isEmpty();
    assertThat(RecordFile.forEach(dir.resolve("log"), r -> {})).isEqualTo(1);
  }

  @Test
  void shouldAppendToAnExistingFile() throws Exception {
    Path file = dir.resolve("log");
    try (GroupCommitLog first = GroupCommitLog.open(file, 16, 16)) {
      first.append(bytes("one")).orElseThrow().get(5, TimeUnit.SECONDS);
    }
    try (GroupCommitLog second = GroupCommitLog.open(file, 16, 16)) {
      second.append(bytes("two")).orElseThrow().get(5, TimeUnit.SECONDS);
    }

    List<String> records = new ArrayList<>();
    RecordFile.forEach(file, r -> records.add(new String(r, StandardCharsets.UTF_8)));
    assertThat(records).containsExactly("one", "two");
  }

  @Test
  void shouldReportATornLastRecord() throws Exception {
    Path file = dir.resolve("torn");
    ByteBuffer header = ByteBuffer.allocate(4).putInt(0, 10);
    Files.write(file, concat(header.array(), bytes("short")));

    assertThatThrownBy(() -> RecordFile.forEach(file, r -> {}))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("Expected 10 record bytes at offset 4");
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = new byte[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
