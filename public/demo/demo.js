// 演示页面的脚本（不使用内联脚本）：开标一览表上「追加投标人」在稍后加入一行，模拟由脚本填充的表格。
const addButton = document.getElementById("add-bidder");
const lateBidders = [
  { name: "重庆市鑫达化工有限公司", code: "91500115255116910U", price: "1,386,000.00", days: "150" },
  { name: "重庆通达物流有限公司", code: "9150010809709222X7", price: "1,402,500.00", days: "170" },
];
if (addButton) {
  addButton.addEventListener("click", () => {
    const body = document.querySelector("#bidders tbody");
    const next = lateBidders.shift();
    if (!body || !next) return;
    // 模拟异步加载：稍后才出现在表格中。
    setTimeout(() => {
      const row = document.createElement("tr");
      const cells = [String(body.rows.length + 1), next.name, next.code, next.price, next.days, "未中标", "补录"];
      for (const text of cells) {
        const cell = document.createElement("td");
        cell.textContent = text;
        row.append(cell);
      }
      body.append(row);
      if (lateBidders.length === 0) addButton.disabled = true;
    }, 300);
  });
}
