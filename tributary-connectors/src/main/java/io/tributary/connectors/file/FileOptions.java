package io.tributary.connectors.file;

import io.tributary.core.event.FieldError;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The options of a file destination, read from a definition's {@code transport} options.
 *
 * @param directory where the files are written; created when missing
 * @param format {@code csv} or {@code jsonl} (default)
 * @param prefix the start of every file name; default the destination's name
 * @param columns CSV only: the top-level payload fields written, in order; empty for the fields
 *     of the window's payloads in first-seen order
 * @param compress whether files are gzipped (and named {@code .gz}); default false
 * @param escapeFormulas CSV only: whether a text cell a spreadsheet would run as a formula is
 *     written with a leading {@code '} (option {@code csv-formulas}: {@code escape}, the default,
 *     or {@code keep})
 */
record FileOptions(
    Path directory, FileFormat format, String prefix, List<String> columns, boolean compress, boolean escapeFormulas) {
  static final Set<String> NAMES = Set.of("directory", "format", "prefix", "columns", "compress", "csv-formulas");

  /** Safe in a file name on every platform, and never a hidden file. */
  private static final Pattern PREFIX = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");

  FileOptions {
    Objects.requireNonNull(directory, "directory");
    Objects.requireNonNull(format, "format");
    Objects.requireNonNull(prefix, "prefix");
    columns = List.copyOf(columns);
  }

  /**
   * Reads options, adding one error per problem.
   *
   * @return the options, or null when any is wrong
   */
  static FileOptions read(Map<String, Object> options, String destination, List<FieldError> errors) {
    int before = errors.size();
    for (String name : options.keySet()) {
      if (!NAMES.contains(name)) {
        errors.add(error(name, "unknown-option", "Unknown option '" + name + "'; expected one of " + NAMES.stream().sorted().toList()));
      }
    }
    Path directory = directory(options.get("directory"), errors);
    FileFormat format = format(options.get("format"), errors);
    String prefix = prefix(options.get("prefix"), destination, errors);
    List<String> columns = columns(options.get("columns"), format, errors);
    boolean compress = compress(options.get("compress"), errors);
    boolean escapeFormulas = escapeFormulas(options.get("csv-formulas"), format, errors);
    return errors.size() == before ? new FileOptions(directory, format, prefix, columns, compress, escapeFormulas) : null;
  }

  private static Path directory(Object value, List<FieldError> errors) {
    if (value == null) {
      errors.add(error("directory", "required", "Expected transport.directory, the directory the files are written to"));
      return null;
    }
    if (!(value instanceof String s) || s.isBlank()) {
      errors.add(error("directory", "type:string", "Expected transport.directory to be a non-empty string"));
      return null;
    }
    try {
      return Path.of(s);
    } catch (InvalidPathException e) {
      errors.add(error("directory", "format:path", "Expected transport.directory to be a path, but " + e.getMessage()));
      return null;
    }
  }

  private static FileFormat format(Object value, List<FieldError> errors) {
    if (value == null) {
      return FileFormat.JSONL;
    }
    for (FileFormat f : FileFormat.values()) {
      if (f.extension().equals(value)) {
        return f;
      }
    }
    errors.add(error("format", "one-of", "Expected transport.format to be csv or jsonl, but got " + quoted(value)));
    return null;
  }

  private static String prefix(Object value, String destination, List<FieldError> errors) {
    if (value == null) {
      return destination;
    }
    if (!(value instanceof String s) || !PREFIX.matcher(s).matches()) {
      errors.add(
          error(
              "prefix",
              "format:file-name",
              "Expected transport.prefix to be 1 to 100 letters, digits, '.', '-' or '_', starting with a letter or digit, but got " + quoted(value)));
      return null;
    }
    return s;
  }

  private static List<String> columns(Object value, FileFormat format, List<FieldError> errors) {
    if (value == null) {
      return List.of();
    }
    if (format == FileFormat.JSONL) {
      errors.add(error("columns", "csv-only", "Expected transport.columns only with transport.format csv; a JSON line holds the whole payload"));
      return null;
    }
    if (!(value instanceof List<?> list) || list.isEmpty()) {
      errors.add(error("columns", "type:array", "Expected transport.columns to be a non-empty list of field names"));
      return null;
    }
    List<String> columns = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (Object c : list) {
      if (!(c instanceof String s) || s.isEmpty()) {
        errors.add(error("columns", "type:string", "Expected every column in transport.columns to be a non-empty string, but got " + quoted(c)));
        return null;
      }
      if (!seen.add(s)) {
        errors.add(error("columns", "unique", "Expected each column once in transport.columns, but '" + s + "' comes twice"));
        return null;
      }
      columns.add(s);
    }
    return columns;
  }

  private static boolean compress(Object value, List<FieldError> errors) {
    if (value == null) {
      return false;
    }
    if (!(value instanceof Boolean b)) {
      errors.add(error("compress", "type:boolean", "Expected transport.compress to be true or false, but got " + quoted(value)));
      return false;
    }
    return b;
  }

  private static boolean escapeFormulas(Object value, FileFormat format, List<FieldError> errors) {
    if (value == null) {
      return true;
    }
    if (format == FileFormat.JSONL) {
      errors.add(error("csv-formulas", "csv-only", "Expected transport.csv-formulas only with transport.format csv"));
      return true;
    }
    if ("escape".equals(value) || "keep".equals(value)) {
      return "escape".equals(value);
    }
    errors.add(error("csv-formulas", "one-of", "Expected transport.csv-formulas to be escape or keep, but got " + quoted(value)));
    return true;
  }

  private static FieldError error(String option, String rule, String message) {
    return new FieldError("transport." + option, rule, message);
  }

  private static String quoted(Object value) {
    return value instanceof String s ? "'" + s + "'" : String.valueOf(value);
  }
}
