package dev.selfheal.example.report.testkit;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A tiny test runner. {@code TestRunner <test-classes-dir>} runs, on a fresh instance each, every
 * public void no-argument method whose name starts with {@code test} of every class whose simple
 * name ends in {@code Test}. Prints {@code PASS Class.method} or {@code FAIL Class.method: msg}
 * per test and ends with {@code N passed, N failed}; exits 1 if any failed (or none ran).
 */
public final class TestRunner {

  private TestRunner() {}

  public static void main(String[] args) throws IOException {
    Path root = Path.of(args.length > 0 ? args[0] : "build/test-classes");
    List<String> classNames = new ArrayList<>();
    try (Stream<Path> files = Files.walk(root)) {
      files.filter(p -> p.toString().endsWith("Test.class"))
          .filter(p -> !p.getFileName().toString().contains("$"))
          .forEach(p -> {
            String rel = root.relativize(p).toString();
            classNames.add(rel.substring(0, rel.length() - ".class".length())
                .replace('/', '.').replace('\\', '.'));
          });
    }
    classNames.sort(null);

    int passed = 0;
    int failed = 0;
    for (String name : classNames) {
      Class<?> cls;
      try {
        cls = Class.forName(name);
      } catch (ClassNotFoundException | LinkageError e) {
        System.out.println("FAIL " + name + ": cannot load: " + e);
        failed++;
        continue;
      }
      if (Modifier.isAbstract(cls.getModifiers()) || cls.isInterface()) {
        continue;
      }
      Method[] methods = cls.getMethods();
      Arrays.sort(methods, Comparator.comparing(Method::getName));
      for (Method m : methods) {
        if (!m.getName().startsWith("test") || m.getParameterCount() != 0
            || m.getReturnType() != void.class || Modifier.isStatic(m.getModifiers())) {
          continue;
        }
        String id = cls.getSimpleName() + "." + m.getName();
        try {
          Object instance = cls.getDeclaredConstructor().newInstance();
          m.invoke(instance);
          System.out.println("PASS " + id);
          passed++;
        } catch (InvocationTargetException e) {
          report(id, e.getCause());
          failed++;
        } catch (ReflectiveOperationException | RuntimeException e) {
          report(id, e);
          failed++;
        }
      }
    }
    if (passed + failed == 0) {
      System.err.println("no tests found under " + root);
    }
    System.out.println(passed + " passed, " + failed + " failed");
    System.out.flush();
    System.exit(failed == 0 && passed > 0 ? 0 : 1);
  }

  private static void report(String id, Throwable t) {
    String msg = t.getMessage() != null ? t.getMessage() : t.toString();
    System.out.println("FAIL " + id + ": " + msg.replace('\n', ' '));
    if (!(t instanceof AssertionError)) {
      t.printStackTrace(System.out);
    }
  }
}
