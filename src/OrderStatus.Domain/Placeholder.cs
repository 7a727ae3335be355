namespace OrderStatus.Domain;
