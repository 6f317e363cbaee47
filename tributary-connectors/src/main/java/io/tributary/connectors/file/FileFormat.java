package io.tributary.connectors.file;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.tributary.core.delivery.OutboundMessage;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/** How a window's payloads are laid out in its file. */
enum FileFormat {
  /** A header row, then one row per payload; a payload must be a JSON object. */
  CSV("csv") {
    @Override
    FileBody prepare(List<OutboundMessage> messages, List<String> columns, boolean escapeFormulas)
        throws UnwritablePayloadException {
      List<JsonNode> rows = new ArrayList<>(messages.size());
      Set<String> seen = new LinkedHashSet<>(columns);
      for (OutboundMessage m : messages) {
        JsonNode row = parse(m);
        if (!row.isObject()) {
          throw new UnwritablePayloadException(
              "Expected every payload to be a JSON object to write it as a CSV row, but message " + m.id() + "'s is " + row.getNodeType().name().toLowerCase(Locale.ROOT));
        }
        if (columns.isEmpty()) {
          row.fieldNames().forEachRemaining(seen::add);
        }
        rows.add(row);
      }
      String[] header = seen.toArray(String[]::new);
      CSVFormat csv = CSVFormat.DEFAULT.builder().setHeader(header).get();
      return out -> {
        Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
        CSVPrinter printer = new CSVPrinter(writer, csv);
        List<String> values = new ArrayList<>(header.length);
        for (JsonNode row : rows) {
          values.clear();
          for (String column : header) {
            String cell = cell(row.get(column));
            values.add(escapeFormulas && runsAsFormula(cell) ? "'" + cell : cell);
          }
          printer.printRecord(values);
        }
        printer.flush();
      };
    }
  },

  /** One payload per line, as compact JSON. */
  JSONL("jsonl") {
    @Override
    FileBody prepare(List<OutboundMessage> messages, List<String> columns, boolean escapeFormulas)
        throws UnwritablePayloadException {
      List<byte[]> lines = new ArrayList<>(messages.size());
      for (OutboundMessage m : messages) {
        // A line break in JSON is whitespace outside strings (inside them it is escaped), so only
        // a payload holding one needs writing again to fit on its line.
        lines.add(hasLineBreak(m.payload()) ? compact(parse(m)) : m.payload());
      }
      return out -> {
        for (byte[] line : lines) {
          out.write(line);
          out.write('\n');
        }
      };
    }
  };

  private static final ObjectMapper JSON = JsonMapper.builder().build();

  private final String extension;

  FileFormat(String extension) {
    this.extension = extension;
  }

  /** The file name's extension, also the option's value. */
  String extension() {
    return extension;
  }

  /**
   * Checks and lays out the payloads of one window, before anything is written.
   *
   * @param columns the CSV columns, or empty for every top-level field in first-seen order
   * @param escapeFormulas CSV: whether a cell a spreadsheet would run as a formula gets a leading
   *     {@code '}
   * @throws UnwritablePayloadException when a payload cannot be written in this format; sending
   *     the window again would not help
   */
  abstract FileBody prepare(List<OutboundMessage> messages, List<String> columns, boolean escapeFormulas)
      throws UnwritablePayloadException;

  /** A window's file content, ready to write. */
  @FunctionalInterface
  interface FileBody {
    void writeTo(OutputStream out) throws IOException;
  }

  private static JsonNode parse(OutboundMessage m) throws UnwritablePayloadException {
    try {
      return JSON.readTree(m.payload());
    } catch (IOException e) {
      // The parser's message may quote the payload; name the message only.
      throw new UnwritablePayloadException("Expected message " + m.id() + "'s payload to be JSON, but it does not parse");
    }
  }

  private static byte[] compact(JsonNode payload) {
    try {
      return JSON.writeValueAsBytes(payload);
    } catch (IOException e) {
      throw new UncheckedIOException("A JSON tree could not be written", e);
    }
  }

  /** A string as-is, null or absent as empty, anything else as its JSON text. */
  private static String cell(JsonNode value) {
    if (value == null || value.isNull()) {
      return "";
    }
    return value.isTextual() ? value.textValue() : value.toString();
  }

  /**
   * Whether a spreadsheet opening the file would take the cell for a formula that can call
   * functions (CSV injection, e.g. {@code =HYPERLINK(...)} or {@code +cmd|...}): it starts with
   * {@code =}, {@code @}, a tab or a carriage return, or with {@code +} or {@code -} followed by
   * anything but a number or a phone number ({@code -12.5}, {@code +1 (555) 010-0199} stay as they
   * are).
   */
  static boolean runsAsFormula(String cell) {
    if (cell.isEmpty()) {
      return false;
    }
    return switch (cell.charAt(0)) {
      case '=', '@', '\t', '\r' -> true;
      case '+', '-' -> !NUMBER_OR_PHONE.matcher(cell).matches();
      default -> false;
    };
  }

  private static final java.util.regex.Pattern NUMBER_OR_PHONE =
      java.util.regex.Pattern.compile("[+-][0-9][0-9 ().eE/+-]*");

  private static boolean hasLineBreak(byte[] payload) {
    for (byte b : payload) {
      if (b == '\n' || b == '\r') {
        return true;
      }
    }
    return false;
  }
}
