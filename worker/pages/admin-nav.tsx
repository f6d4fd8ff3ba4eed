/** The admin pages' shared navigation, with the current page marked for screen readers too. */
const PAGES = [
  { href: "/admin/audit", label: "查询使用登记" },
  { href: "/admin/grades", label: "评价等级分布" },
  { href: "/admin/cases", label: "信用修复与异议" },
] as const;

export function AdminNav({ current }: { current: (typeof PAGES)[number]["href"] }) {
  return (
    <nav class="admin-nav" aria-label="管理页面">
      {PAGES.map((p) => (p.href === current ? <strong aria-current="page">{p.label}</strong> : <a href={p.href}>{p.label}</a>))}
      <form method="post" action="/admin/logout" class="inline">
        <button type="submit" class="link-button">
          退出
        </button>
      </form>
    </nav>
  );
}
