/**
 * JMH micro-benchmarks. Run after {@code ./mvnw -pl tributary-bench -am package}:
 *
 * <pre>
 * java -cp 'tributary-bench/target/classes:tributary-bench/target/lib/*' org.openjdk.jmh.Main BatchParse
 * </pre>
 */
package io.tributary.bench.jmh;
