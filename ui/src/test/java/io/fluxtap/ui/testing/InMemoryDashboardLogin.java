package io.fluxtap.ui.testing;

import io.fluxtap.api.auth.DashboardLogin;
import io.fluxtap.api.auth.DashboardUser;
import io.fluxtap.api.auth.Role;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A required dashboard login over fixed users and passwords, recording every attempt and audit call, standing in
 * for the server's user store (dist's {@code UserBook}, tested there).
 */
public final class InMemoryDashboardLogin implements DashboardLogin {

    /** One user as the test knows it. */
    public record Account(String password, Role role) {
    }

    /** An audit call as the dashboard made it. */
    public record Audited(String who, String action, String detail, String from) {
    }

    /** Changed by tests as the server's admin API changes its user store, while sessions are signed in. */
    private final Map<String, Account> accounts;
    private final boolean viewerSql;
    private final List<String> attempts = new CopyOnWriteArrayList<>();
    private final List<Audited> audited = new CopyOnWriteArrayList<>();

    public InMemoryDashboardLogin(Map<String, Account> accounts, boolean viewerSql) {
        this.accounts = new ConcurrentHashMap<>(accounts);
        this.viewerSql = viewerSql;
    }

    @Override
    public boolean required() {
        return true;
    }

    @Override
    public boolean viewerSql() {
        return viewerSql;
    }

    @Override
    public Optional<DashboardUser> login(String name, char[] password, String from) {
        Account account = accounts.get(name);
        boolean right = account != null && Arrays.equals(account.password().toCharArray(), password);
        attempts.add(name + (right ? " accepted" : " refused") + " from " + from);
        return right ? Optional.of(new DashboardUser(name, account.role())) : Optional.empty();
    }

    @Override
    public Optional<DashboardUser> current(String name, Instant signedInAt) {
        return Optional.ofNullable(accounts.get(name)).map(a -> new DashboardUser(name, a.role()));
    }

    @Override
    public void audit(String who, String action, String detail, String from) {
        audited.add(new Audited(who, action, detail, from));
    }

    /** Adds the user, or gives an existing one another role or password, as of now. */
    public void put(String name, Account account) {
        accounts.put(name, account);
    }

    public void remove(String name) {
        accounts.remove(name);
    }

    /** {@code alice accepted from 127.0.0.1}, in order. */
    public List<String> attempts() {
        return List.copyOf(attempts);
    }

    public List<Audited> audited() {
        return List.copyOf(audited);
    }
}
