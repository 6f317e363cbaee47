package io.tributary.connectors.file;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.core.delivery.DeliveryMode;
import io.tributary.core.delivery.OutboundMessage;
import io.tributary.core.delivery.SendResult;
import io.tributary.core.delivery.Transport;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class FileTransportTest {
  private static final DeliveryMode.Batch HOURLY = new DeliveryMode.Batch(Duration.ofHours(1), 10_000);
  private static final Instant INGESTED = Instant.parse("2024-05-06T07:08:09.123Z");
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  private final FileTransportFactory factory = new FileTransportFactory();

  @Test
  void shouldWriteCsvWithHeaderAndQuoteCommasQuotesAndLineBreaks() throws Exception {
    // given
    Transport transport = transport(Map.of("format", "csv"));
    List<OutboundMessage> window =
        List.of(
            message(1, "{\"name\":\"Ann, Jr.\",\"quote\":\"say \\\"hi\\\"\",\"note\":\"line 1\\nline 2\",\"total\":12.5,\"vip\":true,\"tags\":[\"a\",\"b\"],\"gone\":null}"),
            message(2, "{\"name\":\"Bob\",\"city\":\"Zürich\"}"));

    // when
    SendResult result = transport.send(window);

    // then
    assertThat(result).isEqualTo(SendResult.DELIVERED);
    String csv = Files.readString(dir.resolve("orders-20240506T070000Z-1.csv"));
    assertThat(csv)
        .isEqualTo(
            "name,quote,note,total,vip,tags,gone,city\r\n"
                + "\"Ann, Jr.\",\"say \"\"hi\"\"\",\"line 1\nline 2\",12.5,true,\"[\"\"a\"\",\"\"b\"\"]\",,\r\n"
                + "Bob,,,,,,,Zürich\r\n");
    List<CSVRecord> rows = CSVFormat.DEFAULT.builder().setHeader().get().parse(new StringReader(csv)).getRecords();
    assertThat(rows).hasSize(2);
    assertThat(rows.get(0).get("note")).isEqualTo("line 1\nline 2");
    assertThat(rows.get(0).get("quote")).isEqualTo("say \"hi\"");
  }

  @Test
  void shouldEscapeCellsASpreadsheetWouldRunAsFormulasButKeepNumbersAndPhones() throws Exception {
    // given: text cells that Excel or LibreOffice would evaluate, and look-alikes that are data
    Transport transport = transport(Map.of("format", "csv"));
    String payload = "{\"a\":\"=HYPERLINK(\\\"http://x.example\\\")\",\"b\":\"+cmd|' /C calc'!A0\",\"c\":\"-2+3+cmd|x\","
        + "\"d\":\"@SUM(A1)\",\"e\":\"\\tTAB\",\"f\":\"+1 (555) 010-0199\",\"g\":\"-12.5\",\"h\":-7,\"i\":\"a=b\"}";

    // when
    SendResult result = transport.send(List.of(message(1, payload)));

    // then
    assertThat(result).isEqualTo(SendResult.DELIVERED);
    String csv = Files.readString(dir.resolve("orders-20240506T070000Z-1.csv"));
    CSVRecord row = CSVFormat.DEFAULT.builder().setHeader().get().parse(new StringReader(csv)).getRecords().getFirst();
    assertThat(row.get("a")).isEqualTo("'=HYPERLINK(\"http://x.example\")");
    assertThat(row.get("b")).isEqualTo("'+cmd|' /C calc'!A0");
    assertThat(row.get("c")).isEqualTo("'-2+3+cmd|x");
    assertThat(row.get("d")).isEqualTo("'@SUM(A1)");
    assertThat(row.get("e")).isEqualTo("'\tTAB");
    assertThat(row.get("f")).isEqualTo("+1 (555) 010-0199");
    assertThat(row.get("g")).isEqualTo("-12.5");
    assertThat(row.get("h")).isEqualTo("-7");
    assertThat(row.get("i")).isEqualTo("a=b");
  }

  @Test
  void shouldWriteFormulasAsTheyAreWhenToldToKeepThem() throws Exception {
    // given
    Transport transport = transport(Map.of("format", "csv", "csv-formulas", "keep"));

    // when
    SendResult result = transport.send(List.of(message(2, "{\"a\":\"=1+1\"}")));

    // then
    assertThat(result).isEqualTo(SendResult.DELIVERED);
    assertThat(Files.readString(dir.resolve("orders-20240506T070000Z-2.csv"))).isEqualTo("a\r\n=1+1\r\n");
  }

  @Test
  void shouldWriteOnlyTheConfiguredColumnsInTheirOrder() throws Exception {
    // given
    Transport transport = transport(Map.of("format", "csv", "columns", List.of("email", "name", "missing")));

    // when
    SendResult result = transport.send(List.of(message(7, "{\"name\":\"Ann\",\"email\":\"ann@example.com\",\"age\":40}")));

    // then
    assertThat(result).isEqualTo(SendResult.DELIVERED);
    assertThat(Files.readString(dir.resolve("orders-20240506T070000Z-7.csv"))).isEqualTo("email,name,missing\r\nann@example.com,Ann,\r\n");
  }

  @Test
  void shouldWriteOnePayloadPerJsonLine() throws Exception {
    // given
    Transport transport = transport(Map.of());
    List<OutboundMessage> window = List.of(message(3, "{\"a\":1}"), message(4, "{\n  \"b\": \"two\\nlines\"\n}"), message(5, "[1,2]"));

    // when
    SendResult result = transport.send(window);

    // then
    assertThat(result).isEqualTo(SendResult.DELIVERED);
    assertThat(Files.readString(dir.resolve("orders-20240506T070000Z-3.jsonl"))).isEqualTo("{\"a\":1}\n{\"b\":\"two\\nlines\"}\n[1,2]\n");
  }

  @Test
  void shouldGzipWhenCompressed() throws Exception {
    // given
    Transport transport = transport(Map.of("compress", true, "prefix", "export"));

    // when
    SendResult result = transport.send(List.of(message(9, "{\"a\":1}")));

    // then
    assertThat(result).isEqualTo(SendResult.DELIVERED);
    byte[] gzipped = Files.readAllBytes(dir.resolve("export-20240506T070000Z-9.jsonl.gz"));
    try (var in = new GZIPInputStream(new ByteArrayInputStream(gzipped))) {
      assertThat(new String(in.readAllBytes(), UTF_8)).isEqualTo("{\"a\":1}\n");
    }
  }

  @Test
  void shouldReplaceTheFileWhenTheSameWindowIsSentAgain() throws Exception {
    // given: a window sent once, whose acknowledgement was lost
    Transport transport = transport(Map.of());
    assertThat(transport.send(List.of(message(41, "{\"try\":1}"), message(42, "{\"try\":1}")))).isEqualTo(SendResult.DELIVERED);

    // when: the same window is sent again, later
    SendResult again = transport.send(List.of(message(41, "{\"try\":2}"), message(42, "{\"try\":2}")));

    // then: one file, with the second send's content, and no temporary file left behind
    assertThat(again).isEqualTo(SendResult.DELIVERED);
    assertThat(allNames()).containsExactly("orders-20240506T070000Z-41.jsonl");
    assertThat(Files.readString(dir.resolve("orders-20240506T070000Z-41.jsonl"))).isEqualTo("{\"try\":2}\n{\"try\":2}\n");
  }

  @Test
  void shouldNameEachWindowByItsStartInUtc() throws Exception {
    // given
    Transport transport = factory.create("orders", Map.of("directory", dir.toString()), new DeliveryMode.Batch(Duration.ofDays(1), 100));

    // when
    transport.send(List.of(message(5, "{}", Instant.parse("2024-12-31T23:59:59.999Z"))));
    transport.send(List.of(message(6, "{}", Instant.parse("2025-01-01T00:00:00Z"))));

    // then
    assertThat(allNames()).containsExactly("orders-20241231T000000Z-5.jsonl", "orders-20250101T000000Z-6.jsonl");
  }

  @Test
  void shouldCreateTheDirectoryWhenMissing() throws Exception {
    // given
    Path nested = dir.resolve("exports/2024");
    Transport transport = factory.create("orders", Map.of("directory", nested.toString()), HOURLY);

    // when
    SendResult result = transport.send(List.of(message(1, "{}")));

    // then
    assertThat(result).isEqualTo(SendResult.DELIVERED);
    assertThat(nested.resolve("orders-20240506T070000Z-1.jsonl")).exists();
  }

  @Test
  void shouldFailRetryablyNamingTheDirectoryWhenItCannotBeWritten() throws Exception {
    // given: the directory's path is taken by a plain file (permissions would not stop root)
    Path blocked = Files.writeString(dir.resolve("blocked"), "not a directory");
    Transport transport = factory.create("orders", Map.of("directory", blocked.toString()), HOURLY);

    // when
    SendResult result = transport.send(List.of(message(1, "{\"email\":\"secret@example.com\"}")));

    // then
    assertThat(result).isInstanceOfSatisfying(SendResult.Failed.class, failed -> {
      assertThat(failed.retryable()).isTrue();
      assertThat(failed.response()).contains(blocked.toString()).contains("orders-20240506T070000Z-1.jsonl").doesNotContain("secret");
    });
    assertThat(allNames()).containsExactly("blocked");
  }

  @Test
  void shouldRefuseForGoodAPayloadThatIsNoCsvRow() throws Exception {
    // given
    Transport transport = transport(Map.of("format", "csv"));

    // when
    SendResult result = transport.send(List.of(message(1, "{\"a\":1}"), message(2, "[\"secret\"]")));

    // then
    assertThat(result).isInstanceOfSatisfying(SendResult.Failed.class, failed -> {
      assertThat(failed.retryable()).isFalse();
      assertThat(failed.response()).contains("message 2").contains("array").doesNotContain("secret");
    });
    assertThat(allNames()).isEmpty();
  }

  @Test
  void shouldNeverShowAReaderPartOfAFile() throws Exception {
    // given: a reader that parses every visible file as soon as it appears or changes
    Transport transport = transport(Map.of());
    int windows = 200;
    int perWindow = 100;
    AtomicBoolean writing = new AtomicBoolean(true);
    Set<String> checked = new HashSet<>();
    List<String> partial = new ArrayList<>();
    CompletableFuture<Void> reader =
        CompletableFuture.runAsync(() -> {
          do {
            for (Path file : visibleFiles()) {
              try {
                if (checked.add(file.getFileName() + "@" + Files.getLastModifiedTime(file))) {
                  List<String> lines = Files.readAllLines(file);
                  if (lines.size() != perWindow || !lines.stream().allMatch(FileTransportTest::parses)) {
                    partial.add(file.getFileName() + " had " + lines.size() + " lines");
                  }
                }
              } catch (NoSuchFileException e) {
                // replaced since it was listed
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            }
          } while (writing.get());
        });

    // when: 200 windows are written, each of them twice
    for (int w = 0; w < windows; w++) {
      List<OutboundMessage> window = new ArrayList<>();
      for (int i = 0; i < perWindow; i++) {
        window.add(message((long) w * perWindow + i, "{\"window\":" + w + ",\"i\":" + i + ",\"pad\":\"" + "x".repeat(200) + "\"}", INGESTED.plus(Duration.ofHours(w))));
      }
      assertThat(transport.send(window)).isEqualTo(SendResult.DELIVERED);
      assertThat(transport.send(window)).isEqualTo(SendResult.DELIVERED);
    }
    writing.set(false);
    reader.get(30, TimeUnit.SECONDS);

    // then
    assertThat(partial).as("files seen incomplete").isEmpty();
    assertThat(checked).as("file versions the reader parsed").hasSizeGreaterThanOrEqualTo(windows);
    assertThat(allNames()).hasSize(windows).allMatch(name -> name.endsWith(".jsonl"));
  }

  private Transport transport(Map<String, Object> options) {
    Map<String, Object> all = new HashMap<>(options);
    all.put("directory", dir.toString());
    return factory.create("orders", all, HOURLY);
  }

  private static OutboundMessage message(long id, String payload) {
    return message(id, payload, INGESTED);
  }

  private static OutboundMessage message(long id, String payload, Instant ingestedAt) {
    return new OutboundMessage(id, "orders", 0, "profile-1", "key-" + id, payload.getBytes(UTF_8), ingestedAt, 0, null, null);
  }

  /** Every name in the directory, hidden ones too, sorted. */
  private List<String> allNames() throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  private List<Path> visibleFiles() {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(p -> !p.getFileName().toString().startsWith(".")).toList();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static boolean parses(String line) {
    try {
      JSON.readTree(line);
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
