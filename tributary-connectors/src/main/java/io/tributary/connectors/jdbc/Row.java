package io.tributary.connectors.jdbc;

import com.fasterxml.jackson.databind.JsonNode;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.List;

/**
 * The row of one message: its columns, key columns first, and their JSON values.
 *
 * <p>Values are bound by their JSON type: a string as a string, a whole number as a {@code long}
 * (a larger one as a decimal), another number as a {@code double} (a decimal if it was parsed as
 * one), a boolean as a boolean, null as NULL, an object or array as its JSON text.
 */
record Row(List<String> columns, List<JsonNode> values) {
  Row {
    columns = List.copyOf(columns);
    values = List.copyOf(values);
  }

  void bind(PreparedStatement st) throws SQLException {
    for (int i = 0; i < values.size(); i++) {
      JsonNode v = values.get(i);
      int p = i + 1;
      if (v.isTextual()) {
        st.setString(p, v.textValue());
      } else if (v.isIntegralNumber() && v.canConvertToLong()) {
        st.setLong(p, v.longValue());
      } else if (v.isIntegralNumber() || v.isBigDecimal()) {
        st.setBigDecimal(p, v.decimalValue());
      } else if (v.isNumber()) {
        st.setDouble(p, v.doubleValue());
      } else if (v.isBoolean()) {
        st.setBoolean(p, v.booleanValue());
      } else if (v.isNull()) {
        st.setNull(p, Types.NULL);
      } else {
        st.setString(p, v.toString());
      }
    }
  }

  /** The same statement serves rows with the same columns. */
  boolean sameColumns(Row other) {
    return columns.equals(other.columns);
  }
}
