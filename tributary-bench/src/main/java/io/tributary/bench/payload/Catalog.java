package io.tributary.bench.payload;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;
import java.util.SplittableRandom;

/** A small fictional product catalogue for the synthetic shop. */
final class Catalog {

  /** One product line: name stem, category and a base price in euros. */
  private record Line(String name, String category, double basePrice) {}

  private static final Line[] LINES = {
    new Line("Trail Running Shoe", "Footwear", 89.95),
    new Line("Merino Base Layer", "Apparel", 59.00),
    new Line("Insulated Water Bottle", "Accessories", 24.50),
    new Line("Two-Person Tent", "Camping", 249.00),
    new Line("Headlamp 400 lm", "Accessories", 34.99),
    new Line("Rain Shell Jacket", "Apparel", 179.00),
    new Line("Hiking Backpack 30 L", "Bags", 129.00),
    new Line("Camp Stove", "Camping", 74.90),
  };

  private static final String[] COLOURS = {"Blue", "Black", "Sand", "Forest", "Red"};

  private static final String[] SIZES = {"S", "M", "L", "XL", "42", "44"};

  /** Number of distinct SKUs: every line in every colour and size. */
  static final int SKUS = LINES.length * COLOURS.length * SIZES.length;

  private Catalog() {}

  /** A product as it appears in event properties. */
  record Product(
      String sku, String name, String category, String variant, BigDecimal price, String url) {}

  static Product product(int skuIndex) {
    int i = Math.floorMod(skuIndex, SKUS);
    Line line = LINES[i % LINES.length];
    String colour = COLOURS[(i / LINES.length) % COLOURS.length];
    String size = SIZES[i / (LINES.length * COLOURS.length)];
    String sku = String.format(Locale.ROOT, "SKU-%05d", i);
    BigDecimal price =
        BigDecimal.valueOf(line.basePrice() + (i % 3) * 5).setScale(2, RoundingMode.HALF_UP);
    return new Product(
        sku,
        line.name(),
        line.category(),
        colour + " / " + size,
        price,
        "https://shop.example.com/p/" + sku.toLowerCase(Locale.ROOT));
  }

  static Product randomProduct(SplittableRandom random) {
    return product(random.nextInt(SKUS));
  }
}
