package io.fluxtap.dist.e2e;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The application {@link LevelAgentIT} runs in a JVM of its own with the level agent on its command line: it does
 * nothing but print its JUL root level whenever that changes (polled every 50 ms), until killed.
 */
public final class LevelAgentDemoApp {

    private LevelAgentDemoApp() {
    }

    public static void main(String[] args) throws InterruptedException {
        Level last = null;
        System.out.println("demo app started");
        while (true) {
            Level now = Logger.getLogger("").getLevel();
            if (now != last) {
                System.out.println("root level: " + now);
                last = now;
            }
            Thread.sleep(50);
        }
    }
}
