import { useQueryClient } from '@tanstack/react-query';
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { ApiError, api } from './api';
import type { LoginResponse, User } from './types';

interface AuthState {
  /** undefined while the session is being checked, null when nobody is logged in. */
  user: User | null | undefined;
  /** `otp`: the staff TOTP code, asked for after the server answered `otp_required`. */
  login: (username: string, password: string, otp?: string) => Promise<User>;
  logout: () => Promise<void>;
  refresh: () => Promise<void>;
}

const AuthContext = createContext<AuthState | null>(null);

export function AuthProvider({ children }: { children: ReactNode }) {
  const [user, setUser] = useState<User | null | undefined>(undefined);
  const cache = useQueryClient();
  // A window computer is shared: nothing one account fetched is shown to the next.
  const forget = useCallback(
    () => cache.removeQueries({ predicate: (q) => q.queryKey[0] !== '/api/meta' }),
    [cache],
  );

  const refresh = useCallback(async () => {
    try {
      setUser(await api.get<User>('/api/me'));
    } catch (err) {
      // 401 is the ordinary "not logged in"; any other failure also leaves the visitor anonymous.
      if (!(err instanceof ApiError) || err.status !== 401) console.warn('GET /api/me failed', err);
      setUser(null);
    }
  }, []);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  const login = useCallback(
    async (username: string, password: string, otp?: string) => {
      // The server sets an HttpOnly session cookie; the token in the body is for API clients.
      const res = await api.post<LoginResponse>('/api/auth/login', {
        username,
        password,
        ...(otp ? { otp } : {}),
      });
      forget();
      setUser(res.user);
      return res.user;
    },
    [forget],
  );

  const logout = useCallback(async () => {
    try {
      await api.post('/api/auth/logout');
    } catch {
      // An expired session is already logged out; the cookie is cleared either way on the next login.
    }
    forget();
    setUser(null);
  }, [forget]);

  const value = useMemo(() => ({ user, login, logout, refresh }), [user, login, logout, refresh]);
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthState {
  const ctx = useContext(AuthContext);
  if (!ctx) throw new Error('useAuth outside AuthProvider');
  return ctx;
}

export function isAdmin(user: User | null | undefined): boolean {
  return !!user && user.roles.includes('admin');
}

export function isStaff(user: User | null | undefined): boolean {
  return !!user && user.kind === 'staff';
}

/** Where a person lands after logging in when no page asked for the login. */
export function homeFor(user: User): string {
  if (isAdmin(user)) return '/admin';
  if (isStaff(user)) return '/workbench';
  return '/';
}
